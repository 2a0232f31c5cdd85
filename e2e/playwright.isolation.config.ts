import { defineConfig } from "@playwright/test";
import {
  type WidgetTokensTestOptions,
  type WidgetTokensWorkerOptions,
  chromiumLaunchOptions,
} from "@widget-tokens/testing";
import { reporters } from "./reporters.js";

/**
 * The isolation suite (issue 23): every provider's faults run at the same
 * time as clean tests of the same provider, in several workers sharing ONE
 * sandbox and ONE shop (the example shop, started by global-setup.ts), as a
 * QA team's suite runs. Part of `npm test` (`npm run e2e:isolation`); the
 * main e2e config runs one worker, this one four, fully parallel.
 */
export default defineConfig<WidgetTokensTestOptions, WidgetTokensWorkerOptions>({
  testDir: "./isolation",
  globalSetup: "./isolation/global-setup.ts",
  fullyParallel: true,
  workers: 4,
  retries: 0,
  // A loaded 2-core machine can take seconds to launch a browser or load a frame.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: reporters(process.env.PW_ISOLATION_JSON_OUTPUT),
  outputDir: "../test-results/e2e-isolation",
  use: {
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    signIn: { url: "/sign-in", fields: { "User id": "id" }, submit: "Sign in" },
    launchOptions: chromiumLaunchOptions(),
  },
});

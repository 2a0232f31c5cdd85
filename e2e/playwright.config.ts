import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "@widget-tokens/testing";
import { reporters } from "./reporters.js";

/**
 * End-to-end specs in Debian's Chromium (never a downloaded browser), with
 * the launch options @widget-tokens/testing gives QA teams: CHROMIUM_PATH
 * overrides the executable.
 */
export default defineConfig({
  testDir: "./specs",
  // Two workers on two cores, sharded by file (a file's tests stay in order
  // on one worker): each worker runs its own sandbox and demo shop on free
  // ports, and the page mostly waits on them. PW_WORKERS overrides.
  fullyParallel: false,
  workers: Number(process.env.PW_WORKERS ?? 2),
  // e2e:stress sets PW_RETRIES=0 so a flaky test cannot hide behind a retry.
  retries: Number(process.env.PW_RETRIES ?? (process.env.CI ? 1 : 0)),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: reporters(process.env.PW_JSON_OUTPUT),
  outputDir: "../test-results/e2e",
  use: {
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
});

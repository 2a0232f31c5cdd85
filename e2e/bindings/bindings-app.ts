/**
 * The bindings' browser specs run a tiny merchant: a Vite app (react-app/ or
 * vue-app/, built here from the packages' public entry points, so `npm run
 * build` first), served by an Express app that mounts `widgetTokens` for one
 * fixed shopper, next to the provider sandbox (Fluz and impact.com).
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Page, test as base, expect } from "@playwright/test";
import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { widgetTokens } from "@widget-tokens/server";
import express from "express";
import { build } from "vite";

/** Who the merchant's `identify` says is signed in. */
const SHOPPER = "binding-shopper";

export interface BindingsApp {
  /** The page, with the sandbox's origin and the impact.com tenant in its query. */
  pageUrl: string;
  sandbox: Sandbox;
}

/**
 * Build `e2e/bindings/<name>/` with Vite into a temp dir; returns the dir.
 * The React app is a development build: only there does StrictMode mount
 * every effect twice.
 */
async function buildApp(name: "react-app" | "vue-app"): Promise<string> {
  const root = fileURLToPath(new URL(`./${name}/`, import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), `widget-tokens-${name}-`));
  const mode = name === "react-app" ? "development" : "production";
  await build({
    root,
    mode,
    configFile: false,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, minify: mode === "production" },
    define: {
      "process.env.NODE_ENV": JSON.stringify(mode),
      // Vue's compile-time flags, as @vitejs/plugin-vue would set them.
      __VUE_OPTIONS_API__: "false",
      __VUE_PROD_DEVTOOLS__: "false",
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    },
  });
  return outDir;
}

/** A Playwright `test` whose worker builds and serves the app `name`. */
export function bindingsTest(name: "react-app" | "vue-app") {
  return base.extend<object, { bindings: BindingsApp }>({
    bindings: [
      // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
      async ({}, use) => {
        const outDir = await buildApp(name);
        const sandbox = await startSandbox({ providers: ["fluz", "impact"] });
        const fluz = sandbox.credentials.fluz!;
        const impact = sandbox.credentials.impact!;
        const app = express();
        app.disable("x-powered-by");
        app.use(
          "/widget-tokens",
          widgetTokens({
            identify: () => ({ id: SHOPPER }),
            // The token keys only: the sandbox's credentials also hold each
            // provider's notification secret, for a shop that receives webhooks.
            providers: {
              fluz: { apiKey: fluz.apiKey, apiSecret: fluz.apiSecret },
              impact: {
                accountSid: impact.accountSid,
                authToken: impact.authToken,
                tenantAlias: impact.tenantAlias,
              },
            },
            loader: false, // the page bundles the client: no drop-in to serve
          }),
        );
        app.use(express.static(outDir));
        const server: Server = createServer(app).listen(0, "127.0.0.1");
        await once(server, "listening");
        const { port } = server.address() as AddressInfo;
        const query = new URLSearchParams({
          sandbox: sandbox.url,
          tenant: impact.tenantAlias,
        });
        await use({ pageUrl: `http://127.0.0.1:${port}/?${query}`, sandbox });
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await sandbox.close();
        rmSync(outDir, { recursive: true, force: true });
      },
      // The Vite build runs once per worker, under load: give it room.
      { scope: "worker", timeout: 120_000 },
    ],
  });
}

/** Fail the test on any console error or uncaught exception of the page. */
function failOnPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** Save a screenshot for a person to look at (e2e/screenshots, git-ignored). */
async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * The shopper's path on either page: `<ImpactEmbed>` renders the real
 * squatch-js widget for the signed-in shopper with one token; the button
 * `useWidget("fluz")` enables opens one sandbox Fluz modal, which shows what
 * the sandbox read from the verified token; confirming reaches the page
 * through `onSuccess`. Waits for each state on the way; returns what the
 * shopper's visit left behind, for the spec to assert.
 */
export async function shopperPath(
  page: Page,
  bindings: BindingsApp,
  shot: string,
): Promise<{
  /** The sandbox's verdict on each token it received, by provider. */
  verdicts: Record<"impact" | "fluz", string[]>;
  /** The page's event list, top to bottom. */
  events: string[];
  pageErrors: string[];
}> {
  const errors = failOnPageErrors(page);
  // squatch-js loads a ResizeObserver polyfill from impact.com's CDN into its
  // widget frame; with no internet here, the test stands in for the CDN
  // (Chromium has ResizeObserver, all the polyfill would hand back).
  await page.route(/^https:\/\/fast\.ssqt\.io\/npm\/resize-observer-polyfill/, (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: "/* the browser's own ResizeObserver */",
    }),
  );
  const { inspect } = bindings.sandbox;
  const since = inspect.cursor();
  await page.goto(bindings.pageUrl);

  // The referral widget: squatch-js's iframe, filled by the sandbox from the verified token.
  const referrals = page.locator("#referrals");
  const widget = page.frameLocator("#referrals impact-embed iframe#squatchFrame");
  await expect(widget.locator("#impact-user-id")).toHaveText(SHOPPER);
  await expect(referrals).toHaveAttribute("data-widget-state", "open");
  await expect(referrals.locator("impact-embed")).toHaveCount(1);
  await expect(page.getByText("Loading your referral link…")).toHaveCount(0);
  await inspect.waitFor({ provider: "impact", since });

  const button = page.getByRole("button", { name: "Deposit with Fluz" });
  await expect(button).toBeEnabled();
  await expect(page.getByTestId("state")).toHaveText("idle");
  await page.getByLabel("Amount").fill("42.50");
  await button.click();

  const modal = page.frameLocator('iframe[title="Fluz"]');
  // Values the sandbox server read from the verified token, not from the page.
  await expect(modal.locator("#fluz-amount")).toHaveText("$42.50");
  await expect(modal.locator("#fluz-type")).toHaveText("DEPOSIT");
  await expect(modal.locator("#fluz-user")).toHaveText(SHOPPER);
  await expect(page.getByTestId("state")).toHaveText("open");
  await expect(page.getByRole("listitem")).toHaveText(["Fluz is open"]);
  await expect(page.locator('iframe[title="Fluz"]')).toHaveCount(1);
  await inspect.waitFor({ provider: "fluz", since });
  await snapshot(page, `${shot}-modal`);

  await modal.getByRole("button", { name: /Confirm/ }).click();
  await expect(page.getByRole("listitem").last()).toHaveText("Deposit of $42.50 confirmed");
  await expect(page.getByTestId("state")).toHaveText("idle");
  await expect(page.locator('iframe[title="Fluz"]')).toHaveCount(0);
  await expect(button).toBeEnabled();
  await snapshot(page, `${shot}-success`);

  const verdicts = (provider: "impact" | "fluz") =>
    inspect.tokens({ provider }).map((t) => t.verdict);
  return {
    verdicts: { impact: verdicts("impact"), fluz: verdicts("fluz") },
    events: await page.getByRole("listitem").allTextContents(),
    pageErrors: errors,
  };
}

import { type TestInfo, test as base } from "@playwright/test";
import { SCOPE_HEADER, type StartSandboxOptions, startSandbox } from "@widget-tokens/sandbox";
import { connectSandbox } from "./connect-sandbox.js";
import { type SandboxClient, sandboxClient } from "./sandbox-client.js";
import { type TestFaults, createTestFaults } from "./test-faults.js";
import { type WidgetFrame, widgetFrameOf } from "./widget-frames.js";
import {
  DEFAULT_TOKEN_TIMEOUT_MS,
  type WidgetTokens,
  createWidgetTokens,
} from "./widget-tokens.js";

/** The variable naming a running sandbox to connect to instead of starting one. */
export const SANDBOX_URL_ENV = "WIDGET_TOKENS_SANDBOX_URL";

/** Options of the worker's sandbox (`test.use({ … })` at the top of a file, or `use` in the config). */
export interface WidgetTokensWorkerOptions {
  /**
   * Connect to this running sandbox (over HTTP) instead of starting one:
   * the sandbox your app under test, started by `webServer`, already uses.
   * Default: `process.env.WIDGET_TOKENS_SANDBOX_URL`; when neither is set,
   * each worker starts its own with `startSandbox(sandboxOptions)`.
   */
  sandboxUrl: string | undefined;
  /** What `startSandbox` gets when the worker starts its own sandbox. Default `{}`. */
  sandboxOptions: StartSandboxOptions;
}

/** Options of each test. */
export interface WidgetTokensTestOptions {
  /** How long `widgetTokens.received()` and `.record()` wait, in ms. Default 10 000. */
  widgetTokenTimeout: number;
}

/** The worker fixtures. */
export interface WidgetTokensWorkerFixtures extends WidgetTokensWorkerOptions {
  /** The worker's sandbox, started or connected to: `url`, `inspect`, `faults`. */
  sandbox: SandboxClient;
}

/** The test fixtures. */
export interface WidgetTokensTestFixtures extends WidgetTokensTestOptions {
  /**
   * The test's scope: the `X-Sandbox-Scope` header every request of the
   * test's browser context carries, and the scope of the faults it sets.
   */
  sandboxScope: string;
  /** The tokens each provider's stand-in received during the test, with their verified claims. */
  widgetTokens: WidgetTokens;
  /** Fault switches for this test only, switched off after it. */
  faults: TestFaults;
  /** `widgetFrame(provider)`: the provider's widget frame or modal, as a `FrameLocator`. */
  widgetFrame: WidgetFrame;
}

const LOOPBACK: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a request goes to the sandbox at `sandboxUrl`: same scheme and
 * port, and the same host (any loopback name for a loopback sandbox, since
 * an app may be configured with `localhost` where the sandbox says 127.0.0.1).
 */
function sandboxRequests(sandboxUrl: string): (url: URL) => boolean {
  const sandbox = new URL(sandboxUrl);
  const loopback = LOOPBACK.has(sandbox.hostname);
  return (url) =>
    url.protocol === sandbox.protocol &&
    url.port === sandbox.port &&
    (url.hostname === sandbox.hostname || (loopback && LOOPBACK.has(url.hostname)));
}

/** The scope of one test run: its id, and the retry when it is one (header-safe ASCII). */
function scopeOf(testInfo: TestInfo): string {
  return `${testInfo.testId}${testInfo.retry > 0 ? `-retry${testInfo.retry}` : ""}`;
}

/**
 * Playwright's `test` with the widget-tokens fixtures: `sandbox` (one per
 * worker), `widgetTokens`, `widgetFrame`, `faults`, `sandboxScope`.
 *
 * @example
 * import { expect, test } from "@widget-tokens/testing";
 *
 * test("withdraw opens Fluz with the amount", async ({ page, widgetTokens }) => {
 *   await page.goto("/account");
 *   await page.getByRole("button", { name: "Withdraw" }).click();
 *   const claims = await widgetTokens.received("fluz");
 *   expect(claims).toMatchObject({ amount: 20, transactionType: "WITHDRAW" });
 * });
 */
export const test = base.extend<WidgetTokensTestFixtures, WidgetTokensWorkerFixtures>({
  sandboxUrl: [undefined, { scope: "worker", option: true }],
  sandboxOptions: [{}, { scope: "worker", option: true }],
  widgetTokenTimeout: [DEFAULT_TOKEN_TIMEOUT_MS, { option: true }],

  sandbox: [
    async ({ sandboxUrl, sandboxOptions }, use) => {
      const url = sandboxUrl || process.env[SANDBOX_URL_ENV] || undefined;
      if (url) {
        await use(await connectSandbox(url));
        return;
      }
      const started = await startSandbox(sandboxOptions);
      try {
        await use(sandboxClient(started));
      } finally {
        await started.close();
      }
    },
    { scope: "worker" },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  sandboxScope: async ({}, use, testInfo) => {
    await use(scopeOf(testInfo));
  },

  // Every request the test's pages and frames send to the sandbox carries the
  // scope; the sandbox records it with each token and matches scoped fault
  // switches against it. Added by a route, not extraHTTPHeaders: a header the
  // page did not set would turn the app's own cross-origin requests into CORS
  // preflights that other origins refuse.
  context: async ({ context, sandbox, sandboxScope }, use) => {
    await context.route(sandboxRequests(sandbox.url), (route) =>
      route.fallback({
        headers: { ...route.request().headers(), [SCOPE_HEADER.toLowerCase()]: sandboxScope },
      }),
    );
    await use(context);
  },

  widgetTokens: async ({ sandbox, sandboxScope, widgetTokenTimeout }, use) => {
    const since = await sandbox.inspect.cursor();
    await use(
      createWidgetTokens({ sandbox, scope: sandboxScope, since, timeout: widgetTokenTimeout }),
    );
  },

  faults: async ({ sandbox, sandboxScope }, use) => {
    const faults = createTestFaults(sandbox, sandboxScope);
    try {
      await use(faults);
    } finally {
      await faults.clear();
    }
  },

  widgetFrame: async ({ page }, use) => {
    await use((provider, options) => widgetFrameOf(page, provider, options));
  },
});

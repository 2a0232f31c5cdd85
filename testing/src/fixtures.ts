import {
  type Browser,
  type BrowserContext,
  type Page,
  type TestInfo,
  test as base,
} from "@playwright/test";
import { SCOPE_HEADER, type StartSandboxOptions, startSandbox } from "@widget-tokens/sandbox";
import { connectSandbox } from "./connect-sandbox.js";
import { skipFaultsOnRealSandboxes, skipTokensOnRealSandboxes } from "./real-sandbox-skips.js";
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

/** The shopper a test signs in as: an id, and whatever else your sign-in form asks. */
export interface Shopper {
  /** Your shop's user id: Fluz `externalId`, Jackpot `userId`, impact.com `user.id`… */
  id: string;
  [field: string]: string;
}

/**
 * Your shop's own sign-in, as a person would go through it. The `shopper`
 * option's fixture runs it once per worker and shopper, in a context of its
 * own, and starts every page of the tests with that shopper's cookies and
 * storage (Playwright's `storageState`). Either a form to fill, or `run`.
 * (An object: Playwright would take a bare function in `use` for a fixture.)
 *
 * @example
 * signIn: { url: "/sign-in", fields: { "User id": "id" }, submit: "Sign in" }
 * signIn: { run: async (page, shopper) => { … } }
 */
export interface SignIn {
  /** The sign-in page, relative to `baseURL`. */
  url?: string;
  /** The form's fields, by label: the shopper's field to fill each with (`{ "Email": "email" }`); one the shopper lacks stays as it is. */
  fields?: Record<string, string>;
  /** The name of the button that submits the form; signed in once the page has left `url`. */
  submit?: string;
  /** Your own steps instead of `url`, `fields` and `submit`. */
  run?: (page: Page, shopper: Shopper) => Promise<void>;
}

/** Go through `signIn` on `page` as `shopper`. */
async function runSignIn(page: Page, signIn: SignIn, shopper: Shopper): Promise<void> {
  if (signIn.run) {
    await signIn.run(page, shopper);
    return;
  }
  const { url, fields = {}, submit } = signIn;
  if (!url || !submit) {
    throw new TypeError("signIn: give url and submit (and fields), or run(page, shopper)");
  }
  await page.goto(url);
  for (const [label, field] of Object.entries(fields)) {
    const value = shopper[field];
    if (value !== undefined) await page.getByLabel(label, { exact: true }).fill(value);
  }
  const before = new URL(page.url()).pathname;
  await page.getByRole("button", { name: submit }).click();
  await page.waitForURL((u) => u.pathname !== before);
}

/** Options of each test. */
export interface WidgetTokensTestOptions {
  /** How long `widgetTokens.received()` and `.record()` wait, in ms. Default 10 000. */
  widgetTokenTimeout: number;
  /**
   * Sign in as this shopper before the test (`test.use({ shopper: { id: "qa_fluz_1" } })`),
   * through `signIn`. Default: nobody, the test starts signed out.
   */
  shopper: Shopper | undefined;
  /** Your shop's sign-in (set it once, in the config's `use`). Required with `shopper`. */
  signIn: SignIn | undefined;
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

/** Add `X-Sandbox-Scope: scope` to what a context sends to the sandbox. */
async function scopeRequests(
  context: BrowserContext,
  sandboxUrl: string,
  scope: string,
): Promise<void> {
  await context.route(sandboxRequests(sandboxUrl), (route) =>
    route.fallback({
      headers: { ...route.request().headers(), [SCOPE_HEADER.toLowerCase()]: scope },
    }),
  );
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Per worker: the signed-in state of each shopper, by base URL and shopper. */
const signedIn = new Map<string, Promise<StorageState>>();

/**
 * Sign `shopper` in with the shop's own `signIn`, in a context of its own
 * (its sandbox requests carry a scope of their own, so no test counts the
 * tokens a page it lands on mints), and keep the cookies and storage.
 */
async function signInOnce(
  browser: Browser,
  input: {
    baseURL: string | undefined;
    shopper: Shopper;
    signIn: SignIn;
    sandboxUrl: string;
    scope: string;
  },
): Promise<StorageState> {
  const context = await browser.newContext(input.baseURL ? { baseURL: input.baseURL } : {});
  try {
    await scopeRequests(context, input.sandboxUrl, `${input.scope}-sign-in`);
    const page = await context.newPage();
    await runSignIn(page, input.signIn, input.shopper);
    return await context.storageState();
  } finally {
    await context.close();
  }
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
  shopper: [undefined, { option: true }],
  signIn: [undefined, { option: true }],

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
    await scopeRequests(context, sandbox.url, sandboxScope);
    await use(context);
  },

  // The shopper's signed-in state, signed in once per worker.
  storageState: async (
    { storageState, shopper, signIn, browser, baseURL, sandbox, sandboxScope },
    use,
  ) => {
    if (!shopper) {
      await use(storageState);
      return;
    }
    if (!signIn) {
      throw new TypeError(
        `The shopper option (${JSON.stringify(shopper.id)}) needs your shop's sign-in: set signIn: { url, fields, submit } or { run } in the config's use.`,
      );
    }
    const key = JSON.stringify([baseURL ?? null, shopper]);
    let state = signedIn.get(key);
    if (!state) {
      state = signInOnce(browser, {
        baseURL,
        shopper,
        signIn,
        sandboxUrl: sandbox.url,
        scope: sandboxScope,
      });
      signedIn.set(key, state);
      state.catch(() => signedIn.delete(key)); // a failed sign-in is tried again by the next test
    }
    await use(await state);
  },

  // Set up for every test, first: the cursor is taken when the test starts,
  // whether the test asks for `widgetTokens` or only an afterEach does. On a
  // failure, the test's tokens are attached to its report.
  widgetTokens: [
    async ({ sandbox, sandboxScope, widgetTokenTimeout }, use, testInfo) => {
      const since = await sandbox.inspect.cursor();
      const tokens = createWidgetTokens({
        sandbox,
        scope: sandboxScope,
        since,
        timeout: widgetTokenTimeout,
      });
      // A provider run against its own test environment reports nothing to the sandbox.
      await use(skipTokensOnRealSandboxes(tokens, (reason) => testInfo.skip(true, reason)));
      if (testInfo.status !== testInfo.expectedStatus) {
        const received = await tokens.all().catch((err: Error) => `unavailable: ${err.message}`);
        await testInfo.attach("widget-tokens.json", {
          body: JSON.stringify(
            { inspect: sandbox.inspectUrl, scope: sandboxScope, since, tokens: received },
            null,
            2,
          ),
          contentType: "application/json",
        });
      }
    },
    { auto: true },
  ],

  faults: async ({ sandbox, sandboxScope }, use, testInfo) => {
    const faults = createTestFaults(sandbox, sandboxScope);
    try {
      await use(skipFaultsOnRealSandboxes(faults, (reason) => testInfo.skip(true, reason)));
    } finally {
      await faults.clear();
    }
  },

  widgetFrame: async ({ page }, use) => {
    await use((provider, options) => widgetFrameOf(page, provider, options));
  },
});

/**
 * @widget-tokens/testing: Playwright fixtures for widget-tokens. A sandbox
 * per worker (started, or connected to over HTTP), the tokens each provider
 * received with their verified claims, each widget's frame, and fault
 * switches scoped to one test. See README.md and docs/testing.md.
 */
export { expect } from "@playwright/test";
export {
  SANDBOX_URL_ENV,
  type Shopper,
  type SignIn,
  type WidgetTokensTestFixtures,
  type WidgetTokensTestOptions,
  type WidgetTokensWorkerFixtures,
  type WidgetTokensWorkerOptions,
  test,
} from "./fixtures.js";
export {
  DEFAULT_TOKEN_TIMEOUT_MS,
  type TokenWaitOptions,
  type WidgetTokens,
  type WidgetTokensInput,
  createWidgetTokens,
} from "./widget-tokens.js";
export { WidgetTokenError, type WidgetTokenErrorCode } from "./widget-token-error.js";
export {
  DEFAULT_TOKEN_KINDS,
  type MerchantApiTokenClaims,
  type ProviderClaims,
} from "./claims.js";
export {
  WIDGET_FRAME_SELECTORS,
  type WidgetFrame,
  type WidgetFrameOptions,
  type WidgetProvider,
  widgetFrameOf,
} from "./widget-frames.js";
export { type TestFaults, createTestFaults } from "./test-faults.js";
export { usesRealSandbox } from "./real-sandbox-skips.js";
export {
  type SandboxClient,
  type SandboxFaultsClient,
  type SandboxInspectClient,
  sandboxClient,
} from "./sandbox-client.js";
export { type ConnectSandboxOptions, connectSandbox } from "./connect-sandbox.js";
export { chromiumLaunchOptions } from "./chromium-launch.js";

// What the recipes use from the sandbox, so one import serves a spec.
export {
  type FaultRule,
  type FaultSpec,
  GR4VY_TEST_CARDS,
  REAL_SANDBOXES_ENV,
  type RealSandbox,
  type ReceivedToken,
  SCOPE_HEADER,
  type SandboxProviderId,
  type StartSandboxOptions,
  type Verdict,
  realSandboxes,
} from "@widget-tokens/sandbox";

/**
 * @widget-tokens/sandbox: local real-HTTP stand-ins for Fluz, impact.com,
 * Gr4vy, Jackpot and a merchant API that check widget tokens as the
 * providers do, with inspection of every token received, fault switches,
 * and fixed test data. See README.md.
 */
export { type Sandbox, type StartSandboxOptions, startSandbox } from "./start-sandbox.js";
export { createSandboxApp } from "./create-sandbox-app.js";
export { sandboxControlRoutes } from "./control-routes.js";
export {
  type SandboxHooks,
  SCOPE_HEADER,
  createSandboxHooks,
  scopeOf,
} from "./hooks.js";
export { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "./provider-ids.js";
export {
  SANDBOX_PROVIDER_INFO,
  SANDBOX_WIDGET_FRAMES,
  type SandboxProviderInfo,
  type SandboxWidgetProviderId,
} from "./provider-info.js";
export { SandboxError, type SandboxErrorCode } from "./errors.js";
export {
  REAL_SANDBOXES_ENV,
  REAL_SANDBOX_PROVIDERS,
  type RealSandbox,
  realSandboxes,
} from "./real-sandboxes.js";
export {
  type ResetCounts,
  type ResetFilter,
  type SandboxResets,
  type StateReset,
  createResets,
  resetSandbox,
} from "./reset.js";

// Notifications the stand-ins send when a widget completes
export {
  type DeliveryFilter,
  NOTIFICATION_FAULT_KINDS,
  type NotificationAttempt,
  type NotificationDelivery,
  type NotificationFaultKind,
  type NotificationFaultRule,
  type NotificationFaultSpec,
  type NotificationRetryPolicy,
  type NotifyingProvider,
  type SandboxNotificationOptions,
  type SandboxNotifications,
} from "./notification-sender.js";

// Credentials
export { SANDBOX_DEFAULT_IDS } from "./default-ids.js";
export {
  type SandboxCredentials,
  type SandboxOptions,
  type SandboxProvidersInput,
  resolveSandboxProviders,
} from "./credentials/sandbox-credentials.js";
export {
  SECRET_ENV_NAMES,
  type SandboxCredentialsInput,
  credentialsFromEnv,
  credentialsToEnv,
} from "./credentials/credentials-env.js";

// Inspection
export {
  DEFAULT_WAIT_MS,
  type Inspector,
  type TokenListener,
  type WaitOptions,
  createInspector,
} from "./inspect/inspector.js";
export type { ReceivedToken, TokenFilter } from "./inspect/received-token.js";
export {
  TokenRejection,
  VERDICTS,
  type Verdict,
  type VerdictDetail,
} from "./inspect/verdict.js";
export { describeExpiry, relativeTime } from "./inspect/human-time.js";

// Faults
export {
  EXPIRE_DEFAULT_MS,
  FAULT_KINDS,
  type FaultKind,
  type FaultRule,
  type FaultSpec,
  GARBAGE_SHAPES,
  type GarbageShape,
} from "./faults/fault-spec.js";
export {
  type FaultFilter,
  type FaultPlan,
  type FaultTarget,
  type Faults,
  createFaults,
} from "./faults/fault-registry.js";

// The stand-ins, each mountable at the root of an existing Express app.
export { type SandboxFluzOptions, sandboxFluz } from "./fluz/router.js";
export {
  type SandboxGr4vyOptions,
  type SandboxGr4vyTransaction,
  sandboxGr4vy,
} from "./gr4vy/router.js";
export { GR4VY_TEST_CARDS, type Gr4vyTestCard } from "./gr4vy/test-cards.js";
export {
  SANDBOX_IMPACT_DOMAIN_PATH,
  SANDBOX_SQUATCH_JS_PATH,
  type SandboxImpactOptions,
  sandboxImpact,
} from "./impact/router.js";
export { type SandboxJackpotOptions, sandboxJackpot } from "./jackpot/router.js";
export {
  type JackpotExchangeRecord,
  type JackpotFaults,
  type JackpotSandboxControl,
  jackpotSandboxControl,
} from "./jackpot/control.js";
export {
  type MerchantApiSandbox,
  type MerchantApiSandboxCounts,
  type SandboxMerchantApiOptions,
  createMerchantApiSandbox,
  sandboxMerchantApi,
} from "./merchant-api/router.js";

// The stand-ins' verifiers (the CLI's `verify` uses them too).
export { PatTokenError, verifyPatToken } from "./fluz/verify-pat-token.js";
export { ImpactApiError, verifyUserToken } from "./impact/verify-user-token.js";
export {
  EmbedTokenError,
  checkPinnedOptions,
  verifyEmbedToken,
} from "./gr4vy/verify-embed-token.js";
export { GrantError, verifyAssertion } from "./jackpot/verify-assertion.js";

export {
  ERROR_STATUS,
  type ErrorBody,
  type ErrorCode,
  JsonNumberSource,
  isJsonNumberSource,
} from "@widget-tokens/shared";
export {
  AccessError,
  type AccessErrorCode,
  IdempotencyError,
  type IdempotencyErrorCode,
  invalidRequest,
  LedgerError,
  type LedgerErrorCode,
  NotificationError,
  type NotificationErrorCode,
  RateLimitedError,
  RequestError,
  type RequestErrorCode,
  ServiceError,
  type ServiceErrorCode,
  StoreError,
  UpstreamError,
  type UpstreamErrorCode,
  WidgetTokensError,
  type WidgetTokensErrorDetails,
  WidgetTokensOptionError,
} from "./errors.js";
export type { RateLimitOptions } from "./http/rate-limit-options.js";
export type { RateLimitRule } from "./http/rate-limit.js";
export type { LoaderOptions } from "./loader/loader-options.js";
export type { LedgerEntry, LedgerSettlement } from "./ledger/entry.js";
export type { Ledger, SettleResult, Settlement } from "./ledger/ledger.js";
export type { LedgerOptions } from "./ledger/options.js";
export type { Logger, StructuredLogger } from "./logger.js";
export type { NotificationOptions } from "./notifications/options.js";
export { signNotification } from "./notifications/verify-hmac.js";
export type { MetricsRegistry } from "./observability/metrics.js";
export type { MetricsOptions } from "./options/metrics-options.js";
export {
  createMerchantApiClient,
  type MerchantApiClient,
  type MerchantApiClientOptions,
  type MerchantApiKeyOptions,
  type MerchantApiMethod,
  type MerchantApiPasswordOptions,
  type MerchantApiResponse,
} from "./merchant-api/client.js";
export { MerchantApiAuthError, type MerchantApiAuthReason } from "./merchant-api/errors.js";
export type { BodyOptions } from "./http/body-options.js";
export type { OriginOptions } from "./http/origin-options.js";
export type { HealthOptions } from "./http/health-options.js";
export type { IdempotencyOptions } from "./http/idempotency-options.js";
export { keepRawBody } from "./http/raw-body.js";
export type { HookOptions } from "./options/hook-options.js";
export type { AuthorizeContext, ProvidersOptions } from "./options/providers-options.js";
export type { WidgetTokensOptions } from "./options/widget-tokens-options.js";
export type { FluzIssued, FluzOptions } from "./providers/fluz/options.js";
export type { FluzRequest } from "./providers/fluz/route.js";
export {
  GR4VY_SDK_ISSUER,
  type Gr4vyCheckoutContext,
  type Gr4vyIssued,
  type Gr4vyOptions,
} from "./providers/gr4vy/options.js";
export type {
  Gr4vyConfirmation,
  Gr4vyConfirmedTransaction,
  Gr4vyConfirmOptions,
} from "./providers/gr4vy/confirm.js";
export type { Gr4vyRequest } from "./providers/gr4vy/route.js";
export type { ImpactOptions } from "./providers/impact/options.js";
export type { ImpactRequest } from "./providers/impact/route.js";
export type { JackpotExchangeOptions } from "./providers/jackpot/exchange-options.js";
export type { JackpotIssued, JackpotOptions, JackpotProfile } from "./providers/jackpot/options.js";
export type { JackpotRequest } from "./providers/jackpot/route.js";
export type {
  MerchantApiAuthorizeContext,
  MerchantApiExposedRoute,
  MerchantApiProxyOptions,
  MerchantApiProxyRequest,
} from "./providers/merchant-api/options.js";
export type { ProviderId } from "./providers/index.js";
export type {
  ProviderDefinition,
  ProviderRoute,
  RouteAuthorizeContext,
} from "./providers/provider.js";
export { type MemoryStore, type MemoryStoreOptions, memoryStore } from "./stores/memory.js";
export {
  type RedisClientLike,
  type RedisConnection,
  type RedisStoreOptions,
  redisStore,
} from "./stores/redis.js";
export type { Store } from "./stores/store.js";
export type { WidgetUser } from "./user.js";
export {
  type ShutdownOptions,
  type WidgetTokensMiddleware,
  widgetTokens,
} from "./widget-tokens.js";
export type { HealthReport, HealthState } from "./http/health.js";

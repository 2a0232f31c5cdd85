export { ERROR_STATUS, type ErrorBody, type ErrorCode } from "@widget-tokens/shared";
export { invalidRequest, WidgetTokensError, WidgetTokensOptionError } from "./errors.js";
export type { RateLimitOptions, RateLimitRule } from "./http/rate-limit.js";
export type { Logger } from "./logger.js";
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
export type { WidgetTokensOptions } from "./options/widget-tokens-options.js";
export type { FluzIssued, FluzOptions } from "./providers/fluz.js";
export {
  GR4VY_SDK_ISSUER,
  type Gr4vyCheckoutContext,
  type Gr4vyIssued,
  type Gr4vyOptions,
} from "./providers/gr4vy.js";
export type { ImpactOptions } from "./providers/impact.js";
export type {
  JackpotExchangeOptions,
  JackpotIssued,
  JackpotOptions,
  JackpotProfile,
} from "./providers/jackpot.js";
export type {
  MerchantApiExposedRoute,
  MerchantApiProxyOptions,
} from "./providers/merchant-api.js";
export type { AuthorizeContext, ProviderDefinition, ProviderRoute } from "./providers/provider.js";
export { type MemoryStoreOptions, memoryStore } from "./stores/memory.js";
export { type RedisConnection, type RedisStoreOptions, redisStore } from "./stores/redis.js";
export type { Store } from "./stores/store.js";
export type { WidgetUser } from "./user.js";
export { type WidgetTokensMiddleware, widgetTokens } from "./widget-tokens.js";

import { collectOptionErrors } from "../validation/option-errors.js";
import { apiKeyClient } from "./api-key-client.js";
import type { MerchantApiClient } from "./client-interface.js";
import { type MerchantApiClientOptions, readMerchantApiClientOptions } from "./client-options.js";
import { sessionClient } from "./session-client.js";

export type {
  MerchantApiClient,
  MerchantApiMethod,
  MerchantApiResponse,
} from "./client-interface.js";
export type {
  MerchantApiClientOptions,
  MerchantApiKeyOptions,
  MerchantApiPasswordOptions,
} from "./client-options.js";

/**
 * A server-side client of the merchant API. With `{merchantId, email,
 * password}` it keeps a session (lazy login, refresh before expiry, one
 * renewal however many requests wait, across instances with a shared
 * store); with `{apiKey}` it sends the `Api-key` header and never logs in.
 * Options are checked here, once; a misspelled key names the nearest known one.
 *
 * @example
 * import { createMerchantApiClient, redisStore } from "@widget-tokens/server";
 *
 * const merchantApi = createMerchantApiClient({
 *   baseUrl: "https://api.merchant.example",
 *   merchantId: process.env.MERCHANT_API_MERCHANT_ID!,
 *   email: process.env.MERCHANT_API_EMAIL!,
 *   password: process.env.MERCHANT_API_PASSWORD!,
 *   store: redisStore({ url: process.env.REDIS_URL! }),
 * });
 * const { status, data } = await merchantApi.request("POST", "/v2/customer/create", { email: "a@b.example" });
 */
export function createMerchantApiClient(options: MerchantApiClientOptions): MerchantApiClient {
  // Every problem at once (nested in widgetTokens(), into its one error).
  const config = collectOptionErrors(() => readMerchantApiClientOptions(options));
  return config.mode === "apiKey" ? apiKeyClient(config) : sessionClient(config);
}

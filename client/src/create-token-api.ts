import { networkError } from "./network-error.js";
import { type TokenApi, type TokenApiOptions, tokenApi } from "./token-api.js";

/**
 * The HTTP side of the client (`tokenApi`), which names the cause of a
 * request that got no answer: `ORIGIN_NOT_ALLOWED` when the server is up
 * and refused this page's origin, `NETWORK_ERROR` otherwise (`networkError`).
 *
 * @example
 * const api = createTokenApi({ endpoint: "/widget-tokens" });
 * const { token, jti } = await api.post("fluz", { amount: "50.00", transactionType: "DEPOSIT" });
 */
export function createTokenApi(options: TokenApiOptions): TokenApi {
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw new TypeError(
      `createTokenApi: option "timeoutMs" must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  return tokenApi(options, networkError);
}

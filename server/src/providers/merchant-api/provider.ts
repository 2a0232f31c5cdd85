import type { ProviderDefinition } from "../provider.js";
import {
  type MerchantApiProxyOptions,
  type MerchantApiProxyRequest,
  readMerchantApiProxyOptions,
} from "./options.js";
import { proxyRoute } from "./route.js";

/**
 * The merchant API proxy: `providers.merchantApi: {client, expose}` mounts
 * each exposed call at `{mount}/merchant-api{path}`. Every call passes the
 * shared pipeline (origin, JSON, identify, rate limits, authorize, the
 * route's own authorize). The mapping is exact-path: anything not listed,
 * `..` in any spelling included, is 404.
 *
 * @example
 * widgetTokens({ identify, providers: { merchantApi: {
 *   client: createMerchantApiClient({ baseUrl, merchantId, email, password }),
 *   expose: [{ method: "POST", path: "/v2/customer/create" }],
 * } } });
 */
export const merchantApi: ProviderDefinition<
  "merchantApi",
  MerchantApiProxyOptions,
  MerchantApiProxyRequest
> = {
  id: "merchantApi",
  create(config, env) {
    const { client, ownClient, expose } = readMerchantApiProxyOptions(config, env);
    return {
      routes: expose.map((call) =>
        proxyRoute(client, call, { secrets: env.configuredSecrets, logger: env.logger }),
      ),
      // A client of yours is closed only by `shutdown()`, which ends everything.
      close: (everything) => (ownClient || everything ? client.close() : Promise.resolve()),
      callsUpstream: true,
    };
  },
};

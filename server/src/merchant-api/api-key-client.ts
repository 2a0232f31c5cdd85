import { createUpstreamClient } from "../upstream/http-client.js";
import { reachable } from "../upstream/reachable.js";
import { bodyFor, checkCall } from "./call.js";
import type { MerchantApiClient, MerchantApiMethod } from "./client-interface.js";
import type { MerchantApiKeyConfig } from "./client-options.js";
import { withSecrets } from "./client-secrets.js";

/**
 * The api-key mode: every call carries the persistent `Api-key` header; no
 * session, no login, nothing to log.
 *
 * @example
 * const client = apiKeyClient(readMerchantApiClientOptions({ baseUrl, apiKey }) as MerchantApiKeyConfig);
 */
export function apiKeyClient(config: MerchantApiKeyConfig): MerchantApiClient {
  const { apiKey, baseUrl, timeoutMs } = config;
  const upstream = createUpstreamClient({ baseUrl, timeoutMs, name: "Merchant API" });
  const headers = { "Api-key": apiKey };
  return withSecrets(
    {
      mode: "apiKey",
      deadlineMs: timeoutMs,
      async request<T>(method: MerchantApiMethod, path: string, body?: unknown) {
        checkCall(method, path);
        const res = await upstream.request({ method, path, headers, json: bodyFor(method, body) });
        return { status: res.status, data: res.json as T };
      },
      async close() {
        upstream.close();
      },
      ping: (timeoutMs) => reachable(upstream, timeoutMs),
    },
    () => [apiKey],
  );
}

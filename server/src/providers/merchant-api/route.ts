import { UpstreamError } from "../../errors.js";
import { dropPrototypeKeys } from "../../http/prototype-keys.js";
import type { MerchantApiClient } from "../../merchant-api/client.js";
import { providerErrorCode } from "../../merchant-api/errors.js";
import { type ProviderRoute, defineRoute } from "../provider.js";
import type { ExposedCall, MerchantApiProxyRequest } from "./options.js";

/**
 * One exposed call at `{mount}/merchant-api{path}`: the JSON body is
 * forwarded with the client's credentials; the provider's status and body
 * come back. A 3xx or 5xx is `UPSTREAM_ERROR`; a 401 or 407 (the merchant's
 * own credentials refused) is `UPSTREAM_REJECTED`, never a 401 to the browser.
 *
 * @example
 * const route = proxyRoute(client, { method: "POST", path: "/v2/customer/create", authorize: undefined, idempotent: false });
 */
export function proxyRoute(
  client: MerchantApiClient,
  call: ExposedCall,
): ProviderRoute<MerchantApiProxyRequest> {
  const { method, path, authorize, idempotent } = call;
  const hasBody = method !== "GET" && method !== "DELETE";
  return defineRoute<MerchantApiProxyRequest>({
    method,
    path: `/merchant-api${path}`,
    idempotent,
    allowListed: true,
    // A client that does not say how long a call may take: the marker's former fixed 60 s.
    deadlineMs: client.deadlineMs ?? 60_000,
    ...(authorize ? { authorize } : {}),
    parse: (body) => body,
    async handle({ request }) {
      const res = await client.request(method, path, hasBody ? request : undefined);
      if (res.status < 200 || (res.status >= 300 && res.status < 400) || res.status >= 500) {
        throw new UpstreamError(
          "UPSTREAM_ERROR",
          `Merchant API failed with status ${res.status}`,
          upstreamCode(res.data),
        );
      }
      if (res.status === 401 || res.status === 407) {
        // The merchant's session with the provider, not the shopper's: never a 401 to the browser.
        throw new UpstreamError(
          "UPSTREAM_REJECTED",
          "Merchant API refused the merchant's credentials",
          upstreamCode(res.data),
        );
      }
      // 204 has no body to forward; the browser gets a JSON null with 200.
      if (res.status === 204) return { status: 200, body: null };
      if (res.data === undefined && res.status < 300) {
        // An HTML page, a cut-off or empty body: nothing the browser could use.
        throw new UpstreamError("UPSTREAM_ERROR", "Merchant API answered without JSON");
      }
      return { status: res.status, body: dropPrototypeKeys(res.data ?? null) };
    },
  });
}

function upstreamCode(data: unknown): { upstreamCode?: string } {
  const code = providerErrorCode(data);
  return code === undefined ? {} : { upstreamCode: code };
}

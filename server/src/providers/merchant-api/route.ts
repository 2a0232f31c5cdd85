import { UpstreamError } from "../../errors.js";
import { dropPrototypeKeys } from "../../http/prototype-keys.js";
import type { Request } from "../../http/types.js";
import type { Logger } from "../../logger.js";
import type { MerchantApiClient } from "../../merchant-api/client.js";
import { providerErrorCode } from "../../merchant-api/errors.js";
import { jsonContainsSecret } from "../../secrets.js";
import { type ProviderRoute, defineRoute } from "../provider.js";
import type { ExposedCall, MerchantApiProxyRequest } from "./options.js";

/** What keeps the server's credentials in: every configured secret, and where to say so. */
export interface RelayGuard {
  /** Every configured secret now, the client's session tokens included. */
  secrets: () => readonly string[];
  logger: Logger;
}

/**
 * One exposed call at `{mount}/merchant-api{path}`: the JSON body, and the
 * query parameters the call lists (`query`; every other is dropped), are
 * forwarded with the client's credentials; the provider's status and body
 * come back, without `__proto__` keys. A 3xx or 5xx is `UPSTREAM_ERROR`; a
 * 401 or 407 (the merchant's own credentials refused) is `UPSTREAM_REJECTED`,
 * never a 401 to the browser. An answer that contains a configured secret
 * (an upstream echoing the request's `Api-key` or `Authorization`) is
 * withheld: 502 `UPSTREAM_ERROR`, and one redacted log line.
 *
 * @example
 * const route = proxyRoute(client, { method: "GET", path: "/v2/customer/list", query: ["page"], authorize: undefined, idempotent: false }, { secrets, logger });
 */
export function proxyRoute(
  client: MerchantApiClient,
  call: ExposedCall,
  guard: RelayGuard,
): ProviderRoute<MerchantApiProxyRequest> {
  const { method, path, authorize, idempotent } = call;
  const allowedQuery = new Set(call.query);
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
    async handle({ request, req }) {
      const target = allowedQuery.size === 0 ? path : path + listedQuery(req, allowedQuery);
      const res = await client.request(method, target, hasBody ? request : undefined);
      if (res.data !== undefined && jsonContainsSecret(JSON.stringify(res.data), guard.secrets())) {
        guard.logger.warn(
          `widget-tokens: withheld the merchant API's answer to ${method} ${path} (status ${res.status}): it contains a configured secret or the session's token; check what that endpoint echoes`,
        );
        throw new UpstreamError(
          "UPSTREAM_ERROR",
          "Merchant API answer withheld: it contained a server credential",
        );
      }
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

/**
 * The request's query parameters that `allowed` names, in their order,
 * re-encoded (`?page=2&q=a+b`); "" when there are none.
 *
 * @example
 * listedQuery(req, new Set(["page"])); // "/x?page=2&admin=1" -> "?page=2"
 */
function listedQuery(
  req: Pick<Request, "originalUrl" | "url">,
  allowed: ReadonlySet<string>,
): string {
  const url = req.originalUrl ?? req.url ?? "";
  const start = url.indexOf("?");
  if (start === -1) return "";
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(url.slice(start + 1))) {
    if (allowed.has(name)) kept.append(name, value);
  }
  const text = kept.toString();
  return text === "" ? "" : `?${text}`;
}

import { randomUUID } from "node:crypto";
import { UpstreamError, type WidgetTokensError } from "../../errors.js";
import {
  type UpstreamClient,
  type UpstreamResponse,
  createUpstreamClient,
} from "../../upstream/http-client.js";

/** Signs claims as ES512 with the merchant's key and its `kid` (the embed token's signer). */
type Sign = (claims: Record<string, unknown>) => Promise<string>;

/** Gr4vy's REST API, called with a short ES512 API token of the merchant's own key. */
export interface Gr4vyApi {
  /** One call with a fresh token carrying exactly `scopes`; non-2xx answers are returned, not thrown. */
  call(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    scopes: string[],
    json?: unknown,
  ): Promise<UpstreamResponse>;
  close(): void;
}

/** How long an API token lives: one call's worth. */
const API_TOKEN_SECONDS = 60;

/**
 * The merchant's server-to-server client of Gr4vy's API: every call signs
 * its own API token (`scopes`, `iat`, `nbf`, `exp` one minute on, `jti`,
 * `iss`), as `@gr4vy/sdk` does, off the event loop like the embed tokens.
 *
 * @example
 * const api = gr4vyApi(sign, { baseUrl, timeoutMs: 5000, issuer, now });
 * const { status, json } = await api.call("GET", `/transactions/${id}`, ["transactions.read"]);
 */
export function gr4vyApi(
  sign: Sign,
  o: { baseUrl: URL; timeoutMs: number; issuer: string; now: () => number },
): Gr4vyApi {
  const upstream: UpstreamClient = createUpstreamClient({
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    name: "Gr4vy",
  });
  return {
    async call(method, path, scopes, json) {
      const iat = Math.floor(o.now() / 1000);
      const token = await sign({
        scopes,
        iat,
        nbf: iat,
        exp: iat + API_TOKEN_SECONDS,
        jti: randomUUID(),
        iss: o.issuer,
      });
      return upstream.request({
        method,
        path,
        headers: { authorization: `Bearer ${token}` },
        ...(json === undefined ? {} : { json }),
      });
    },
    close: () => upstream.close(),
  };
}

/** A Gr4vy answer that is not what was asked for: 502 with Gr4vy's own code. */
export function gr4vyRejected(response: UpstreamResponse, what: string): WidgetTokensError {
  const body = response.json as { code?: unknown } | undefined;
  return new UpstreamError("UPSTREAM_REJECTED", `Gr4vy refused to ${what} (${response.status})`, {
    ...(typeof body?.code === "string" ? { upstreamCode: body.code } : {}),
  });
}

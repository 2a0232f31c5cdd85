import { WidgetTokensError, WidgetTokensOptionError } from "../errors.js";
import type { MerchantApiClient, MerchantApiMethod } from "../merchant-api/client.js";
import { providerErrorCode } from "../merchant-api/errors.js";
import { isRecord, optionalBoolean, optionalFunction } from "../options/check.js";
import {
  type AuthorizeContext,
  type ProviderDefinition,
  type ProviderRoute,
  defineRoute,
} from "./provider.js";

/** One provider call the browser may make through the proxy. */
export interface MerchantApiExposedRoute {
  method: MerchantApiMethod;
  /** The provider's path, e.g. "/v2/customer/create"; served at `{mount}/merchant-api{path}`. */
  path: string;
  /** A policy for this call, run after the merchant's `authorize`; false -> 403. */
  authorize?: (ctx: AuthorizeContext) => boolean | Promise<boolean>;
  /** Honour `Idempotency-Key` (replays keep the provider's answer in the store). Default false. */
  idempotent?: boolean;
}

export interface MerchantApiProxyOptions {
  /** A `createMerchantApiClient(...)`: it holds the provider session. */
  client: MerchantApiClient;
  /** The allow-list: only these calls are mounted; anything else is 404. */
  expose: MerchantApiExposedRoute[];
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
/** Plain segments only: letters, digits, "-", "_", "~" and inner "."; nothing to decode, nothing to normalize. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?)+$/;

/**
 * The merchant API proxy: `providers.merchantApi: {client, expose}` mounts
 * each exposed call at `{mount}/merchant-api{path}`. Every call passes the
 * shared pipeline (origin, JSON, identify, rate limits, authorize, the
 * route's own authorize); the JSON body is forwarded with the client's
 * credentials; the provider's status and body come back. The mapping is
 * exact-path: anything not listed, `..` in any spelling included, is 404.
 *
 * @example
 * widgetTokens({ identify, providers: { merchantApi: {
 *   client: createMerchantApiClient({ baseUrl, merchantId, email, password }),
 *   expose: [{ method: "POST", path: "/v2/customer/create" }],
 * } } });
 */
export const merchantApi: ProviderDefinition = {
  id: "merchantApi",
  create(config, env) {
    if (!isRecord(config)) throw new WidgetTokensOptionError(env.option, "must be an object");
    const client = config.client as MerchantApiClient | undefined;
    if (!isRecord(client) || typeof client.request !== "function") {
      throw new WidgetTokensOptionError(
        `${env.option}.client`,
        "must be a client made by createMerchantApiClient()",
      );
    }
    if (!Array.isArray(config.expose) || config.expose.length === 0) {
      throw new WidgetTokensOptionError(`${env.option}.expose`, "must list at least one call");
    }
    const seen = new Set<string>();
    const routes: ProviderRoute[] = config.expose.map((entry: unknown, i: number) => {
      const name = `${env.option}.expose[${i}]`;
      if (!isRecord(entry)) throw new WidgetTokensOptionError(name, "must be an object");
      const method = entry.method;
      if (typeof method !== "string" || !METHODS.has(method)) {
        throw new WidgetTokensOptionError(
          `${name}.method`,
          "must be GET, POST, PUT, PATCH or DELETE",
        );
      }
      const path = entry.path;
      if (typeof path !== "string" || path.length > 512 || !PLAIN_PATH.test(path)) {
        throw new WidgetTokensOptionError(
          `${name}.path`,
          'must be a plain absolute path like "/v2/customer/create" (no dot segments, query, encoding or trailing slash)',
        );
      }
      if (/^\/v\d+\/auth(\/|$)/i.test(path)) {
        throw new WidgetTokensOptionError(
          `${name}.path`,
          "must not expose the provider's auth endpoints",
        );
      }
      const key = `${method} ${path}`;
      if (seen.has(key))
        throw new WidgetTokensOptionError(`${name}`, "duplicates another exposed call");
      seen.add(key);
      const authorize = optionalFunction<NonNullable<MerchantApiExposedRoute["authorize"]>>(
        entry.authorize,
        `${name}.authorize`,
      );
      const idempotent = optionalBoolean(entry.idempotent, `${name}.idempotent`, false);
      return proxyRoute(client, method as MerchantApiMethod, path, authorize, idempotent);
    });
    return { routes };
  },
};

function proxyRoute(
  client: MerchantApiClient,
  method: MerchantApiMethod,
  path: string,
  authorize: MerchantApiExposedRoute["authorize"],
  idempotent: boolean,
): ProviderRoute {
  const hasBody = method !== "GET" && method !== "DELETE";
  return defineRoute<Record<string, unknown>>({
    method,
    path: `/merchant-api${path}`,
    idempotent,
    allowListed: true,
    ...(authorize ? { authorize } : {}),
    parse: (body) => body,
    async handle({ request }) {
      const res = await client.request(method, path, hasBody ? request : undefined);
      if (res.status < 200 || (res.status >= 300 && res.status < 400) || res.status >= 500) {
        throw new WidgetTokensError(
          "UPSTREAM_ERROR",
          `Merchant API failed with status ${res.status}`,
          {
            ...upstreamCode(res.data),
          },
        );
      }
      if (res.status === 401 || res.status === 407) {
        // The merchant's session with the provider, not the shopper's: never a 401 to the browser.
        throw new WidgetTokensError(
          "UPSTREAM_REJECTED",
          "Merchant API refused the merchant's credentials",
          {
            ...upstreamCode(res.data),
          },
        );
      }
      // 204 has no body to forward; the browser gets a JSON null with 200.
      return { status: res.status === 204 ? 200 : res.status, body: res.data ?? null };
    },
  });
}

function upstreamCode(data: unknown): { upstreamCode?: string } {
  const code = providerErrorCode(data);
  return code === undefined ? {} : { upstreamCode: code };
}

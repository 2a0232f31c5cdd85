import { isRecord } from "@widget-tokens/shared";
import { WidgetTokensOptionError } from "../../errors.js";
import { clientSecrets } from "../../merchant-api/client-secrets.js";
import {
  type MerchantApiClient,
  type MerchantApiClientOptions,
  type MerchantApiMethod,
  createMerchantApiClient,
} from "../../merchant-api/client.js";
import { type OptionKeys, readOptions } from "../../validation/read-options.js";
import type { ProviderEnv, RouteAuthorizeContext } from "../provider.js";

/** The validated body of a proxied call (forwarded as is), as `authorize` sees it. */
export type MerchantApiProxyRequest = Record<string, unknown>;

/** What an exposed call's `authorize` sees. */
export type MerchantApiAuthorizeContext = RouteAuthorizeContext<
  "merchantApi",
  MerchantApiProxyRequest
>;

/** One provider call the browser may make through the proxy. */
export interface MerchantApiExposedRoute {
  method: MerchantApiMethod;
  /** The provider's path, e.g. "/v2/customer/create"; served at `{mount}/merchant-api{path}`. */
  path: string;
  /** A policy for this call, run after the merchant's `authorize`; false -> 403. */
  authorize?: ((ctx: MerchantApiAuthorizeContext) => boolean | Promise<boolean>) | undefined;
  /** Honour `Idempotency-Key` (replays keep the provider's answer in the store). Default false. */
  idempotent?: boolean | undefined;
  /**
   * Query parameters forwarded to the provider, by name (`["page", "limit"]`);
   * every other one the browser sends is dropped. Default: none.
   */
  query?: string[] | undefined;
}

/** `providers.merchantApi`. */
export interface MerchantApiProxyOptions {
  /**
   * The client that holds the provider session: its options
   * (`{ baseUrl, merchantId, email, password }` or `{ baseUrl, apiKey }`), and
   * widget-tokens makes it with its own store and logger and closes it with
   * the middleware; or a `createMerchantApiClient(...)` of yours.
   */
  client: MerchantApiClient | MerchantApiClientOptions;
  /** The allow-list: only these calls are mounted; anything else is 404. */
  expose: MerchantApiExposedRoute[];
}

/** One exposed call, read and checked. */
export interface ExposedCall {
  method: MerchantApiMethod;
  path: string;
  authorize: MerchantApiExposedRoute["authorize"];
  idempotent: boolean;
  /** The query parameters forwarded; empty: none. */
  query: readonly string[];
}

/** `providers.merchantApi`, read and checked. */
export interface MerchantApiProxyConfig {
  client: MerchantApiClient;
  /** widget-tokens made the client (from its options): it closes it too. */
  ownClient: boolean;
  expose: ExposedCall[];
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Plain segments only: letters, digits, "-", "_", "~" and inner "."; nothing to decode, nothing to normalize. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?)+$/;
const EXPOSED_KEYS: OptionKeys<MerchantApiExposedRoute> = {
  method: true,
  path: true,
  authorize: true,
  idempotent: true,
  query: true,
};
/** A query parameter's name: plain characters only, nothing to decode. */
const QUERY_NAME = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * Read `providers.merchantApi` once: a client made by
 * `createMerchantApiClient()`, and an allow-list of plain, exact paths (no
 * dot segments, encoding, query or trailing slash; never the provider's
 * auth endpoints; no duplicates).
 *
 * @example
 * const config = readMerchantApiProxyOptions({ client, expose: [{ method: "POST", path: "/v2/customer/create" }] }, env);
 */
export function readMerchantApiProxyOptions(
  value: unknown,
  env: ProviderEnv,
): MerchantApiProxyConfig {
  const o = readOptions<MerchantApiProxyOptions>(value, env.option, { client: true, expose: true });
  const given = o.value("client");
  if (!isRecord(given)) {
    throw o.fail(
      "client",
      "must be a client made by createMerchantApiClient(), or the options to make one",
    );
  }
  const ownClient = typeof given.request !== "function";
  // Made here: it shares the middleware's store (one login for every instance) and logger.
  const client = ownClient
    ? createMerchantApiClient({
        store: env.store,
        logger: env.logger,
        ...(given as unknown as MerchantApiClientOptions),
      })
    : (given as unknown as MerchantApiClient);
  if (ownClient) {
    for (const secret of [given.password, given.apiKey]) {
      if (typeof secret === "string") env.registerSecret(secret);
    }
  }
  // A client made by createMerchantApiClient, yours too: its password or key, and the session's tokens.
  env.redactSecrets(() => clientSecrets(client));
  const list = o.value("expose");
  if (!Array.isArray(list) || list.length === 0) {
    throw o.fail("expose", "must list at least one call");
  }
  const seen = new Set<string>();
  const expose = list.map((entry: unknown, i: number): ExposedCall => {
    const e = readOptions<MerchantApiExposedRoute>(
      entry,
      `${o.path("expose")}[${i}]`,
      EXPOSED_KEYS,
    );
    const method = e.value("method");
    if (typeof method !== "string" || !(METHODS as readonly string[]).includes(method)) {
      throw e.fail("method", "must be GET, POST, PUT, PATCH or DELETE");
    }
    const path = e.value("path");
    if (typeof path !== "string" || path.length > 512 || !PLAIN_PATH.test(path)) {
      throw e.fail(
        "path",
        'must be a plain absolute path like "/v2/customer/create" (no dot segments, query, encoding or trailing slash)',
      );
    }
    if (/^\/v\d+\/auth(\/|$)/i.test(path)) {
      throw e.fail("path", "must not expose the provider's auth endpoints");
    }
    const key = `${method} ${path}`;
    if (seen.has(key)) {
      throw new WidgetTokensOptionError(e.scope, "duplicates another exposed call");
    }
    seen.add(key);
    return {
      method: method as MerchantApiMethod,
      path,
      authorize: e.optionalFunction("authorize"),
      idempotent: e.boolean("idempotent", false),
      query: readQueryNames(e.value("query"), () =>
        e.fail("query", 'must list parameter names, like ["page", "limit"]'),
      ),
    };
  });
  return { client, ownClient, expose };
}

/** `expose[i].query`: distinct plain names; undefined is none. */
function readQueryNames(value: unknown, fail: () => Error): readonly string[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    !value.every((name) => typeof name === "string" && QUERY_NAME.test(name)) ||
    new Set(value).size !== value.length
  ) {
    throw fail();
  }
  return value as string[];
}

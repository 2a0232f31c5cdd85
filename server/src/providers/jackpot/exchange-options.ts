import { JWT_BEARER_GRANT } from "@widget-tokens/shared";
import type { OptionKeys, OptionReader } from "../../validation/read-options.js";

/** How the token API is called and read. The defaults are the v2 API (RFC 7523). */
export interface JackpotExchangeOptions {
  /** Path below `baseUrl`. Default "/v2/token". */
  path?: string | undefined;
  /**
   * The JSON body. Default `{grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
   * client_id: apiKey, assertion}`.
   */
  body?: (input: { assertion: string; apiKey: string }) => Record<string, unknown>;
  /** A header that carries `apiKey` (the v1 API), e.g. "X-Api-Key". Default none. */
  apiKeyHeader?: string | undefined;
  /** Field of the answer with the session token; dots reach into objects. Default "access_token". */
  tokenField?: string | undefined;
  /** Field with the lifetime in seconds. Default "expires_in". */
  expiresInField?: string | undefined;
  /** Field with the provider's error code on a 4xx. Default "error". */
  errorField?: string | undefined;
}

/** `providers.jackpot.exchange`, read and checked. */
export interface JackpotExchange {
  path: string;
  headers: Record<string, string> | undefined;
  body: (input: { assertion: string; apiKey: string }) => Record<string, unknown>;
  tokenField: string[];
  expiresInField: string[];
  errorField: string[];
}

/** Every key of `JackpotExchangeOptions`, for its scope. */
export const JACKPOT_EXCHANGE_KEYS: OptionKeys<JackpotExchangeOptions> = {
  path: true,
  body: true,
  apiKeyHeader: true,
  tokenField: true,
  expiresInField: true,
  errorField: true,
};

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

/**
 * Read `providers.jackpot.exchange` (absent: the v2 defaults).
 *
 * @example
 * const exchange = readJackpotExchange(o.nested("exchange", JACKPOT_EXCHANGE_KEYS), apiKey);
 */
export function readJackpotExchange(
  o: OptionReader<JackpotExchangeOptions>,
  apiKey: string,
): JackpotExchange {
  const path = o.optionalString("path") ?? "/v2/token";
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path)) {
    throw o.fail("path", 'must be a path starting with "/"');
  }
  const header = o.optionalString("apiKeyHeader");
  if (header !== undefined && !HEADER_NAME.test(header)) {
    throw o.fail("apiKeyHeader", "must be an HTTP header name");
  }
  const body =
    o.optionalFunction("body") ??
    (({ assertion }) => ({ grant_type: JWT_BEARER_GRANT, client_id: apiKey, assertion }));
  const field = (key: "tokenField" | "expiresInField" | "errorField", fallback: string) => {
    const parts = (o.optionalString(key) ?? fallback).split(".");
    if (parts.some((p) => p.length === 0)) {
      throw o.fail(key, 'must be a field name like "access_token" or "data.token"');
    }
    return parts;
  };
  return {
    path,
    headers: header === undefined ? undefined : { [header]: apiKey },
    body,
    tokenField: field("tokenField", "access_token"),
    expiresInField: field("expiresInField", "expires_in"),
    errorField: field("errorField", "error"),
  };
}

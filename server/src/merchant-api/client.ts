import { createHash } from "node:crypto";
import { WidgetTokensOptionError } from "../errors.js";
import { type Logger, redactingLogger, silentLogger } from "../logger.js";
import {
  isRecord,
  optionalNumber,
  optionalString,
  optionalUrl,
  requireString,
} from "../options/check.js";
import { memoryStore } from "../stores/memory.js";
import type { Store } from "../stores/store.js";
import { type UpstreamResponse, createUpstreamClient } from "../upstream/http-client.js";
import { MerchantApiAuthError, hasProviderCode, providerErrorCode } from "./errors.js";
import { type SessionKeeper, createSessionKeeper } from "./session-keeper.js";
import { type MerchantApiSession, sessionFromAuthAnswer, sessionSealer } from "./session.js";

interface CommonOptions {
  /** The provider's API base, e.g. https://api.merchant.example (a path prefix is kept). */
  baseUrl: string;
  /** Where the session and the renewal lock live. Default: `memoryStore()` (one process). Share a `redisStore()` between instances. */
  store?: Store;
  /** Deadline of each HTTP call to the provider, ms. Default 10000. */
  timeoutMs?: number;
  /** Refresh this long before the access token expires, ms. Default 60000. */
  refreshMarginMs?: number;
  /** Prefix of the store keys. Default "merchant-api:". */
  keyPrefix?: string;
  /** Where the few log lines go (no credential or token ever reaches it). Default: silent. */
  logger?: Logger;
}

interface SessionOnlyOptions {
  /**
   * After the provider refuses the credentials, answer every request with the
   * same error for this long (ms, shared through the store) instead of
   * trying again: a wrong password must not lock the account. Default 10000;
   * 0 tries on every renewal. A changed password is not held back.
   */
  loginFailureBackoffMs?: number;
}

/** Email and password: the client keeps a session (login, refresh, re-login). */
export interface MerchantApiPasswordOptions extends CommonOptions, SessionOnlyOptions {
  merchantId: string;
  email: string;
  password: string;
  apiKey?: undefined;
}

/** A persistent API key, sent as the `Api-key` header; no session. */
export interface MerchantApiKeyOptions extends CommonOptions {
  apiKey: string;
  merchantId?: undefined;
  email?: undefined;
  password?: undefined;
}

export type MerchantApiClientOptions = MerchantApiPasswordOptions | MerchantApiKeyOptions;

export type MerchantApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface MerchantApiResponse<T = unknown> {
  status: number;
  /** The parsed JSON body; undefined when empty or not JSON. */
  data: T;
}

export interface MerchantApiClient {
  /** "session" (email + password) or "apiKey". */
  readonly mode: "session" | "apiKey";
  /**
   * Send one call with the current credentials and return the provider's
   * status and JSON body. Transport failures throw `UpstreamTransportError`
   * (`UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE`, `UPSTREAM_ERROR`); a session
   * that cannot be opened throws `MerchantApiAuthError`.
   */
  request<T = unknown>(
    method: MerchantApiMethod,
    path: string,
    body?: unknown,
  ): Promise<MerchantApiResponse<T>>;
  /** Close idle keep-alive sockets (and the store, if the client made it). */
  close(): Promise<void>;
}

const METHODS = new Set<string>(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const OPT = "merchantApiClient";
/**
 * A path with no dot segments (a segment never starts with "."; "%2e", "%2f"
 * and "%5c" are refused too), no empty segments, no fragment, nothing Node
 * would refuse.
 */
const SAFE_PATH =
  /^(?:\/[A-Za-z0-9_~!$&'()*+,;=:@%-][A-Za-z0-9._~!$&'()*+,;=:@%-]*)+(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/;

/**
 * A server-side client of the merchant API. With `{merchantId, email,
 * password}` it logs in lazily on the first request (`POST /v2/auth/login`,
 * body `{token: email, password}`, header `merchant_id`), sends
 * `Authorization: Bearer <accessToken>`, refreshes before expiry
 * (`POST /v2/auth/refresh`), refreshes and retries once on a 401
 * `TokenExpiredError`, and logs in again on `REFRESH_TOKEN_EXPIRED`. However
 * many requests wait on a renewal, exactly one login or refresh is sent, in
 * this process and, with a shared store, across instances. With `{apiKey}`
 * it sends the `Api-key` header and never logs in.
 *
 * @example
 * import { createMerchantApiClient, redisStore } from "@widget-tokens/server";
 *
 * const merchantApi = createMerchantApiClient({
 *   baseUrl: "https://api.merchant.example",
 *   merchantId: process.env.MERCHANT_API_MERCHANT_ID,
 *   email: process.env.MERCHANT_API_EMAIL,
 *   password: process.env.MERCHANT_API_PASSWORD,
 *   store: redisStore({ url: process.env.REDIS_URL }),
 * });
 * const { status, data } = await merchantApi.request("POST", "/v2/customer/create", { email: "a@b.example" });
 */
export function createMerchantApiClient(options: MerchantApiClientOptions): MerchantApiClient {
  if (!isRecord(options)) throw new WidgetTokensOptionError(OPT, "must be an object");
  const o = options as unknown as Record<string, unknown>;
  const baseUrl = optionalUrl(o.baseUrl, `${OPT}.baseUrl`);
  if (baseUrl === undefined) throw new WidgetTokensOptionError(`${OPT}.baseUrl`, "is required");
  if (baseUrl.username !== "" || baseUrl.password !== "") {
    throw new WidgetTokensOptionError(`${OPT}.baseUrl`, "must not carry credentials");
  }
  const timeoutMs = optionalNumber(o.timeoutMs, `${OPT}.timeoutMs`, 10_000, {
    min: 1,
    max: 120_000,
  });
  const refreshMarginMs = optionalNumber(o.refreshMarginMs, `${OPT}.refreshMarginMs`, 60_000, {
    min: 0,
    max: 86_400_000,
  });
  const keyPrefix = optionalString(o.keyPrefix, `${OPT}.keyPrefix`) ?? "merchant-api:";
  if (o.store !== undefined && !isStore(o.store)) {
    throw new WidgetTokensOptionError(
      `${OPT}.store`,
      "must be a Store (get, set, acquireLock, releaseLock)",
    );
  }
  if (o.logger !== undefined && !isLogger(o.logger)) {
    throw new WidgetTokensOptionError(`${OPT}.logger`, "must have info, warn and error methods");
  }

  const hasKey = o.apiKey !== undefined;
  const hasPassword =
    o.email !== undefined || o.password !== undefined || o.merchantId !== undefined;
  if (hasKey && hasPassword) {
    throw new WidgetTokensOptionError(
      OPT,
      "takes either apiKey or merchantId/email/password, not both",
    );
  }
  if (!hasKey && !hasPassword) {
    throw new WidgetTokensOptionError(OPT, "needs apiKey, or merchantId, email and password");
  }

  const secrets: string[] = [];
  const logger = redactingLogger((o.logger as Logger | undefined) ?? silentLogger, () => secrets);
  const base = baseUrl.href.replace(/\/+$/, "");
  const transport = () => createUpstreamClient({ baseUrl, timeoutMs, name: "Merchant API" });

  if (hasKey) {
    const apiKey = requireString(o.apiKey, `${OPT}.apiKey`);
    secrets.push(apiKey);
    const upstream = transport();
    const headers = { "Api-key": apiKey };
    return {
      mode: "apiKey",
      async request<T>(method: MerchantApiMethod, path: string, body?: unknown) {
        checkCall(method, path);
        const res = await upstream.request({ method, path, headers, json: bodyFor(method, body) });
        return { status: res.status, data: res.json as T };
      },
      async close() {
        upstream.close();
      },
    };
  }

  const loginFailureBackoffMs = optionalNumber(
    o.loginFailureBackoffMs,
    `${OPT}.loginFailureBackoffMs`,
    10_000,
    { min: 0, max: 3_600_000 },
  );
  const merchantId = requireString(o.merchantId, `${OPT}.merchantId`);
  const email = requireString(o.email, `${OPT}.email`);
  const password = requireString(o.password, `${OPT}.password`);
  secrets.push(password, email);
  const upstream = transport();
  const ownStore = o.store === undefined;
  const store = (o.store as Store | undefined) ?? memoryStore();
  const identity = `${base}\n${merchantId}\n${email}`;
  // Store keys name the account by a digest: no email or merchant id in Redis key names.
  const account = createHash("sha256").update(identity).digest("base64url").slice(0, 22);
  const authHeaders = { merchant_id: merchantId };
  const now = Date.now;
  const sealer = sessionSealer(password, identity);
  const refusedKey = `${keyPrefix}login-refused:${account}`;
  // Bound to these credentials: a corrected password is not held back by an old refusal.
  const refusedMark = sealer.tag("login-refused");

  const refused = (code: string | undefined) =>
    new MerchantApiAuthError(
      "INVALID_CREDENTIALS",
      "Merchant API login was refused: check merchantId, email and password",
      code,
    );

  async function login(): Promise<MerchantApiSession> {
    if (loginFailureBackoffMs > 0) {
      const mark = await store.get(refusedKey);
      if (mark?.startsWith(`${refusedMark}|`))
        throw refused(mark.slice(refusedMark.length + 1) || undefined);
    }
    const res = await upstream.request({
      method: "POST",
      path: "/v2/auth/login",
      headers: authHeaders,
      json: { token: email, password },
    });
    if (res.status >= 200 && res.status < 300) {
      const session = sessionFromAuthAnswer(res.json, now());
      if (session === undefined) throw badAnswer("login");
      logger.info("merchant-api: logged in");
      return session;
    }
    const code = providerErrorCode(res.json);
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      logger.error(
        `merchant-api: login refused (${res.status}${code ? ` ${code}` : ""}); check the credentials`,
      );
      if (loginFailureBackoffMs > 0) {
        await store.set(refusedKey, `${refusedMark}|${code ?? ""}`, loginFailureBackoffMs);
      }
      throw refused(code);
    }
    throw upstreamFailure("login", res);
  }

  async function refresh(current: MerchantApiSession): Promise<MerchantApiSession> {
    const res = await upstream.request({
      method: "POST",
      path: "/v2/auth/refresh",
      headers: authHeaders,
      json: { refreshToken: current.refreshToken },
    });
    if (res.status >= 200 && res.status < 300) {
      const session = sessionFromAuthAnswer(res.json, now(), current);
      if (session === undefined) throw badAnswer("refresh");
      logger.info("merchant-api: session refreshed");
      return session;
    }
    if (res.status >= 400 && res.status < 500) {
      // REFRESH_TOKEN_EXPIRED (or a revoked refresh token): start over.
      const code = hasProviderCode(res.json, "REFRESH_TOKEN_EXPIRED")
        ? "REFRESH_TOKEN_EXPIRED"
        : (providerErrorCode(res.json) ?? String(res.status));
      logger.info(`merchant-api: refresh refused (${code}); logging in again`);
      return login();
    }
    throw upstreamFailure("refresh", res);
  }

  const keeper: SessionKeeper = createSessionKeeper({
    store,
    sessionKey: `${keyPrefix}session:${account}`,
    lockKey: `${keyPrefix}renew-lock:${account}`,
    sealer,
    refreshMarginMs,
    // A refresh that falls back to a login is two calls.
    lockTtlMs: 2 * timeoutMs + 1000,
    waitMs: 2 * timeoutMs + 2000,
    obtain: (current) =>
      current !== undefined && current.refreshExpiresAt - 1000 > now() ? refresh(current) : login(),
    logger,
    now,
  });

  const send = (method: MerchantApiMethod, path: string, json: unknown, s: MerchantApiSession) =>
    upstream.request({ method, path, json, headers: { Authorization: `Bearer ${s.accessToken}` } });

  return {
    mode: "session",
    async request<T>(method: MerchantApiMethod, path: string, body?: unknown) {
      checkCall(method, path);
      const json = bodyFor(method, body);
      const session = await keeper.current();
      let res = await send(method, path, json, session);
      if (res.status === 401 && hasProviderCode(res.json, "TokenExpiredError")) {
        // Refused as expired (clock skew, revocation): renew once (shared), retry once.
        const renewed = await keeper.replace(session);
        res = await send(method, path, json, renewed);
      }
      return { status: res.status, data: res.json as T };
    },
    async close() {
      upstream.close();
      if (ownStore) await store.close();
    },
  };
}

function checkCall(method: string, path: string): void {
  if (!METHODS.has(method)) {
    throw new TypeError("merchant-api: method must be GET, POST, PUT, PATCH or DELETE");
  }
  if (
    typeof path !== "string" ||
    path.length > 2048 ||
    !SAFE_PATH.test(path) ||
    /%(?:2e|2f|5c)/i.test(path.split("?")[0]!)
  ) {
    throw new TypeError("merchant-api: path must be an absolute path without dot segments");
  }
}

function bodyFor(method: MerchantApiMethod, body: unknown): unknown {
  return method === "GET" || method === "DELETE" ? undefined : (body ?? undefined);
}

function badAnswer(step: string): MerchantApiAuthError {
  return new MerchantApiAuthError(
    "INVALID_AUTH_RESPONSE",
    `Merchant API ${step} answer had no usable tokens`,
  );
}

function upstreamFailure(step: string, res: UpstreamResponse): MerchantApiAuthError {
  return new MerchantApiAuthError(
    "INVALID_AUTH_RESPONSE",
    `Merchant API ${step} failed with status ${res.status}`,
    providerErrorCode(res.json),
  );
}

function isStore(value: unknown): value is Store {
  return (
    isRecord(value) &&
    ["get", "set", "acquireLock", "releaseLock", "close"].every(
      (m) => typeof value[m] === "function",
    )
  );
}

function isLogger(value: unknown): value is Logger {
  return isRecord(value) && ["info", "warn", "error"].every((m) => typeof value[m] === "function");
}

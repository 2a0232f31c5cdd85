import { createHash } from "node:crypto";
import { redactingLogger, silentLogger } from "../logger.js";
import { recordRenewal, recordRenewalFailure } from "../observability/tracing.js";
import { memoryStore } from "../stores/memory.js";
import { type UpstreamResponse, createUpstreamClient } from "../upstream/http-client.js";
import { reachable } from "../upstream/reachable.js";
import { bodyFor, checkCall } from "./call.js";
import type { MerchantApiClient, MerchantApiMethod } from "./client-interface.js";
import type { MerchantApiSessionConfig } from "./client-options.js";
import { withSecrets } from "./client-secrets.js";
import { MerchantApiAuthError, hasProviderCode, providerErrorCode } from "./errors.js";
import { type SessionKeeper, createSessionKeeper } from "./session-keeper.js";
import { type MerchantApiSession, sessionFromAuthAnswer, sessionSealer } from "./session.js";

/**
 * The session mode (email + password): log in lazily on the first request
 * (`POST /v2/auth/login`, body `{token: email, password}`, header
 * `merchant_id`), send `Authorization: Bearer <accessToken>`, refresh before
 * expiry (`POST /v2/auth/refresh`), refresh and retry once on a 401
 * `TokenExpiredError`, and log in again on `REFRESH_TOKEN_EXPIRED`. However
 * many requests wait on a renewal, exactly one login or refresh is sent, in
 * this process and, with a shared store, across instances. A refused login
 * is remembered for `loginFailureBackoffMs`, so a wrong password cannot lock
 * the account.
 *
 * @example
 * const client = sessionClient(config); // config.mode === "session"
 * await client.request("POST", "/v2/customer/create", { email: "a@b.example" });
 */
export function sessionClient(config: MerchantApiSessionConfig): MerchantApiClient {
  const { merchantId, email, password, keyPrefix, loginFailureBackoffMs, timeoutMs } = config;
  const logger = redactingLogger(config.logger ?? silentLogger, () => [password, email]);
  const upstream = createUpstreamClient({
    baseUrl: config.baseUrl,
    timeoutMs,
    name: "Merchant API",
  });
  const ownStore = config.store === undefined;
  const store = config.store ?? memoryStore();
  const base = config.baseUrl.href.replace(/\/+$/, "");
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
    recordRenewal("login");
    return countFailure("login", () => sendLogin());
  }

  async function sendLogin(): Promise<MerchantApiSession> {
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
    recordRenewal("refresh");
    return countFailure("refresh", () => sendRefresh(current));
  }

  async function sendRefresh(current: MerchantApiSession): Promise<MerchantApiSession> {
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

  // A renewal (a refresh falling back to a login) and waiting for another instance's.
  const renewalMs = 2 * timeoutMs + 2000;
  const keeper: SessionKeeper = createSessionKeeper({
    store,
    sessionKey: `${keyPrefix}session:${account}`,
    lockKey: `${keyPrefix}renew-lock:${account}`,
    sealer,
    refreshMarginMs: config.refreshMarginMs,
    // A refresh that falls back to a login is two calls.
    lockTtlMs: 2 * timeoutMs + 1000,
    waitMs: renewalMs,
    obtain: (current) =>
      current !== undefined && current.refreshExpiresAt - 1000 > now() ? refresh(current) : login(),
    logger,
    now,
  });

  /** The session last sent with: its tokens are secrets too (`clientSecrets`). */
  let latest: MerchantApiSession | undefined;
  const send = (method: MerchantApiMethod, path: string, json: unknown, s: MerchantApiSession) => {
    latest = s;
    return upstream.request({
      method,
      path,
      json,
      headers: { Authorization: `Bearer ${s.accessToken}` },
    });
  };

  return withSecrets(
    {
      mode: "session",
      // Up to three renewals (one before the call, at most two after a refusal) and three
      // sends (a warm copy behind the store's session, then the store's, then a renewed one).
      deadlineMs: 3 * renewalMs + 3 * timeoutMs,
      async request<T>(method: MerchantApiMethod, path: string, body?: unknown) {
        checkCall(method, path);
        const json = bodyFor(method, body);
        let session = await keeper.current();
        let res = await send(method, path, json, session);
        // Refused as expired (clock skew, revocation): renew once (shared), retry once. A
        // session found in the store instead (this process's warm copy was behind another
        // instance's renewal) may have been refused too: then one renewal more.
        for (let renewals = 0; renewals < 2; renewals++) {
          if (res.status !== 401 || !hasProviderCode(res.json, "TokenExpiredError")) break;
          const next = await keeper.replace(session);
          session = next.session;
          res = await send(method, path, json, session);
          if (next.renewed) break;
        }
        return { status: res.status, data: res.json as T };
      },
      async close() {
        upstream.close();
        if (ownStore) await store.close();
      },
      ping: (timeoutMs) => reachable(upstream, timeoutMs),
    },
    () => (latest ? [password, latest.accessToken, latest.refreshToken] : [password]),
  );
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

/** Run a renewal; when it fails, count it (`widget_tokens_merchant_api_renewal_failures_total`). */
async function countFailure<T>(kind: "login" | "refresh", send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    recordRenewalFailure(kind);
    throw err;
  }
}

import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  MerchantApiAuthError,
  type MerchantApiClient,
  type Store,
  WidgetTokensOptionError,
  createMerchantApiClient,
  memoryStore,
} from "../src/index.js";
import { UpstreamTransportError } from "../src/upstream/http-client.js";
import { captureLogger } from "./helpers/http.js";
import {
  CUSTOMER,
  JWT_IN_TEXT,
  MERCHANT,
  type MerchantSandboxServer,
  expOf,
  lastBearer,
  rawRequest,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function sandboxWith(overrides: Parameters<typeof startMerchantSandbox>[0] = {}) {
  const s = await startMerchantSandbox(overrides);
  cleanups.push(() => s.close());
  return s;
}

function clientFor(
  s: MerchantSandboxServer,
  extra: Record<string, unknown> = {},
  log: string[] = [],
): MerchantApiClient {
  const client = createMerchantApiClient({
    baseUrl: s.baseUrl,
    merchantId: MERCHANT.merchantId,
    email: MERCHANT.email,
    password: MERCHANT.password,
    logger: captureLogger(log),
    ...extra,
  });
  cleanups.push(() => client.close());
  return client;
}

/** Every token the sandbox issued or saw, for the no-leak assertions. */
function tokensSeen(s: MerchantSandboxServer): string[] {
  const out = new Set<string>();
  for (const r of s.seen) {
    const auth = r.headers.authorization;
    if (typeof auth === "string") out.add(auth.replace(/^Bearer /, ""));
  }
  return [...out];
}

function expectNoSecrets(texts: string[], s: MerchantSandboxServer) {
  const forbidden = [MERCHANT.password, MERCHANT.apiKey, MERCHANT.email, ...tokensSeen(s)];
  for (const text of texts) {
    for (const secret of forbidden) expect(text).not.toContain(secret);
    expect(text).not.toMatch(JWT_IN_TEXT);
  }
}

// Bursts of up to 1,000 calls: on a loaded 2-core machine a test may take a while.
describe("merchant API client, email + password", { timeout: 60_000 }, () => {
  it("logs in lazily on the first request, with the documented login call", async () => {
    const s = await sandboxWith();
    const client = clientFor(s);
    // A round trip through the sandbox: a login begun when the client was made would be there first.
    expect((await rawRequest(new URL(s.baseUrl).origin, "/probe", { method: "GET" })).status).toBe(
      404,
    );
    expect(s.sandbox.counts.logins).toBe(0);
    expect(s.seen.map((r) => r.url)).toEqual(["/probe"]);
    s.seen.length = 0;

    const res = await client.request<{ customerId: string; email: string }>(
      "POST",
      "/v2/customer/create",
      CUSTOMER,
    );
    expect(res.status).toBe(201);
    expect(res.data.customerId).toMatch(/^cus_[0-9a-f]{16}$/);
    expect(res.data.email).toBe(CUSTOMER.email);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 0, customers: 1 });

    const [login, create] = s.seen;
    expect(login).toMatchObject({ method: "POST", url: "/merchant-api/v2/auth/login" });
    expect(login!.headers.merchant_id).toBe(MERCHANT.merchantId);
    expect(login!.headers.authorization).toBeUndefined();
    expect(create).toMatchObject({ method: "POST", url: "/merchant-api/v2/customer/create" });
    // Bearer <accessToken>: an RS256 access token the sandbox's key verifies.
    const claims = jwt.verify(lastBearer(s.seen), s.sandbox.publicKey, {
      algorithms: ["RS256"],
    }) as Record<string, unknown>;
    expect(claims).toMatchObject({
      typ: "access",
      sub: MERCHANT.email,
      merchant_id: MERCHANT.merchantId,
    });
    expect(() =>
      jwt.verify(lastBearer(s.seen), s.sandbox.publicKey, { algorithms: ["HS256"] }),
    ).toThrow();

    // Later requests reuse the session.
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 0, customers: 3 });
  });

  it("refreshes before the access token expires (configurable margin), without a 401", async () => {
    // One clock for the client and the sandbox (same process), moved by the test.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const s = await sandboxWith({ accessTokenTtlSeconds: 4 });
    const client = clientFor(s, { refreshMarginMs: 1500 });
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    const first = lastBearer(s.seen);
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(s.sandbox.counts.refreshes).toBe(0);
    // Inside the margin, still valid for the provider.
    vi.setSystemTime(expOf(first) - 1500 + 50);

    const res = await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(201);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 1, expiredAccess: 0 });
    const refreshCall = s.seen.find((r) => r.url === "/merchant-api/v2/auth/refresh");
    expect(refreshCall?.headers.merchant_id).toBe(MERCHANT.merchantId);
    const second = lastBearer(s.seen);
    expect(second).not.toBe(first);
    expect(expOf(second)).toBeGreaterThan(expOf(first));
  });

  it("bounds the margin to half a token's life: short tokens do not renew on every request", async () => {
    const s = await sandboxWith({ accessTokenTtlSeconds: 4 });
    const client = clientFor(s); // default margin: 60 s, longer than the token's life
    for (let i = 0; i < 5; i++) await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 0, customers: 5 });
  });

  it("on a 401 TokenExpiredError refreshes once and retries the request once", async () => {
    const s = await sandboxWith();
    const client = clientFor(s, { refreshMarginMs: 0 });
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    // The provider now considers every access token issued so far expired.
    s.sandbox.expireIssued("access");
    const res = await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(201);
    expect(s.sandbox.counts).toMatchObject({
      logins: 1,
      refreshes: 1,
      expiredAccess: 1,
      customers: 2,
    });
    const urls = s.seen.map((r) => r.url);
    expect(urls).toEqual([
      "/merchant-api/v2/auth/login",
      "/merchant-api/v2/customer/create",
      "/merchant-api/v2/customer/create",
      "/merchant-api/v2/auth/refresh",
      "/merchant-api/v2/customer/create",
    ]);
  });

  it("retries only once: a second 401 comes back to the caller", async () => {
    const s = await sandboxWith();
    const client = clientFor(s);
    s.faults.alwaysExpired = true;
    const res = await client.request<{ name: string }>("POST", "/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(401);
    expect(res.data.name).toBe("TokenExpiredError");
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 1 });
    expect(s.seen.filter((r) => r.url === "/merchant-api/v2/customer/create")).toHaveLength(2);
  });

  it("logs in again when the provider answers REFRESH_TOKEN_EXPIRED", async () => {
    const s = await sandboxWith();
    const client = clientFor(s, { refreshMarginMs: 0 });
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    s.sandbox.expireIssued("access");
    s.sandbox.expireIssued("refresh");
    const res = await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(201);
    expect(s.sandbox.counts).toMatchObject({
      logins: 2,
      refreshes: 0,
      expiredRefreshes: 1,
      expiredAccess: 1,
      customers: 2,
    });
    expect(s.seen.map((r) => r.url).slice(2)).toEqual([
      "/merchant-api/v2/customer/create",
      "/merchant-api/v2/auth/refresh",
      "/merchant-api/v2/auth/login",
      "/merchant-api/v2/customer/create",
    ]);
  });

  it("logs in again, without a refresh, when the refresh token's lifetime has run out", async () => {
    // One clock for the client and the sandbox (same process), still until moved: a token
    // cannot run out while a request carries it, whatever the machine's load.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const s = await sandboxWith({ accessTokenTtlSeconds: 1, refreshTokenTtlSeconds: 2 });
    const client = clientFor(s, { refreshMarginMs: 0 });
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    vi.setSystemTime(Date.now() + 2100);
    const res = await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(201);
    expect(s.sandbox.counts).toMatchObject({ logins: 2, refreshes: 0, expiredAccess: 0 });
  });

  it("a wrong password is a typed error, tried once, never a loop, with nothing secret in it", async () => {
    const s = await sandboxWith();
    const store = memoryStore();
    cleanups.push(() => store.close());
    const log: string[] = [];
    const client = clientFor(s, { password: "wrong-password-xyz", store }, log);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => client.request("POST", "/v2/customer/create", CUSTOMER)),
    );
    expect(s.sandbox.counts).toMatchObject({ failedLogins: 1, logins: 0, customers: 0 });
    for (const r of results) {
      expect(r.status).toBe("rejected");
      const err = (r as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(MerchantApiAuthError);
      expect(err).toMatchObject({
        reason: "INVALID_CREDENTIALS",
        code: "UPSTREAM_REJECTED",
        status: 502,
        upstreamCode: "INVALID_CREDENTIALS",
      });
      expect(err.message).not.toContain("wrong-password-xyz");
      expect(err.message).not.toContain(MERCHANT.email);
    }
    // Within loginFailureBackoffMs the refusal is remembered (in the store): no second attempt,
    // by this instance or another one with the same credentials.
    await expect(client.request("POST", "/v2/customer/create", CUSTOMER)).rejects.toMatchObject({
      reason: "INVALID_CREDENTIALS",
      upstreamCode: "INVALID_CREDENTIALS",
    });
    const twin = clientFor(s, { password: "wrong-password-xyz", store });
    await expect(twin.request("POST", "/v2/customer/create", CUSTOMER)).rejects.toBeInstanceOf(
      MerchantApiAuthError,
    );
    expect(s.sandbox.counts.failedLogins).toBe(1);
    // A corrected password is not held back by the old refusal.
    const fixed = clientFor(s, { store });
    expect((await fixed.request("POST", "/v2/customer/create", CUSTOMER)).status).toBe(201);
    expect(s.sandbox.counts).toMatchObject({ failedLogins: 1, logins: 1 });
    expect(log.some((l) => l.includes("login refused"))).toBe(true);
    for (const line of log) expect(line).not.toContain("wrong-password-xyz");
  });

  it("with loginFailureBackoffMs: 0 each renewal tries once more (still one per wave)", async () => {
    const s = await sandboxWith();
    const client = clientFor(s, { password: "wrong-password-xyz", loginFailureBackoffMs: 0 });
    for (let i = 1; i <= 3; i++) {
      const wave = await Promise.allSettled(
        Array.from({ length: 10 }, () => client.request("POST", "/v2/customer/create", CUSTOMER)),
      );
      expect(wave.every((r) => r.status === "rejected")).toBe(true);
      expect(s.sandbox.counts.failedLogins).toBe(i);
    }
  });

  it("1,000 requests across an expiry, the 500 after it at once, cause exactly one renewal", async () => {
    // One clock for the client and the sandbox (same process), moved by the test.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const s = await sandboxWith({ accessTokenTtlSeconds: 2 });
    // A burst of 500 on a loaded 2-core machine: no provider call may time out.
    const client = clientFor(s, { refreshMarginMs: 0, timeoutMs: 30_000 });
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    const exp = expOf(lastBearer(s.seen));
    s.sandbox.setLifetimes({ access: 60 });
    const burst = () =>
      Array.from({ length: 500 }, () => client.request("POST", "/v2/customer/create", CUSTOMER));
    // 500 at once 100 ms before the expiry, answered on the first token.
    vi.setSystemTime(exp - 100);
    const before = await Promise.all(burst());
    // 500 at once 100 ms after it: one renewal for all of them.
    vi.setSystemTime(exp + 100);
    const results = [...before, ...(await Promise.all(burst()))];
    expect(results.filter((r) => r.status !== 201).slice(0, 3)).toEqual([]);
    const { logins, refreshes, customers } = s.sandbox.counts;
    expect(logins + refreshes).toBe(2);
    expect({ logins, refreshes }).toEqual({ logins: 1, refreshes: 1 });
    expect(customers).toBe(1001);
    // The first token carried the 500 before the expiry, the renewed one the 500 after.
    const bearers = s.seen
      .filter((r) => r.url === "/merchant-api/v2/customer/create")
      .map((r) => String(r.headers.authorization).slice(7));
    const first = bearers[0]!;
    expect(bearers.slice(1, 501).every((b) => b === first)).toBe(true);
    expect(bearers.slice(501).every((b) => b !== first)).toBe(true);
    expect(new Set(bearers).size).toBe(2);
  });

  it("1,000 concurrent requests on two instances sharing one store: one renewal in all", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const s = await sandboxWith({ accessTokenTtlSeconds: 2 });
    const store = memoryStore();
    cleanups.push(() => store.close());
    const a = clientFor(s, { refreshMarginMs: 0, store, timeoutMs: 30_000 });
    const b = clientFor(s, { refreshMarginMs: 0, store, timeoutMs: 30_000 });
    await a.request("POST", "/v2/customer/create", CUSTOMER);
    // Instance b uses the session a opened: no second login.
    await b.request("POST", "/v2/customer/create", CUSTOMER);
    expect(s.sandbox.counts.logins).toBe(1);
    s.sandbox.setLifetimes({ access: 60 });
    vi.setSystemTime(expOf(lastBearer(s.seen)) + 20);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        (i % 2 ? a : b).request("POST", "/v2/customer/create", CUSTOMER),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 1, customers: 1002 });
  });

  it("waits for a renewal lock another instance holds, and takes over when it expires", async () => {
    const s = await sandboxWith();
    // The store's clock stands still until the test moves it; it counts the lock's refusals.
    let storeNow = Date.now();
    const inner = memoryStore({ now: () => storeNow });
    let refusals = 0;
    const store: Store = {
      ...inner,
      get: (k) => inner.get(k),
      set: (k, v, ttl, o) => inner.set(k, v, ttl, o),
      delete: (k) => inner.delete(k),
      increment: (k, w) => inner.increment(k, w),
      acquireLock: async (k, t) => {
        const token = await inner.acquireLock(k, t);
        if (token === null) refusals++;
        return token;
      },
      releaseLock: (k, t) => inner.releaseLock(k, t),
      close: () => inner.close(),
    };
    cleanups.push(() => store.close());
    const client = clientFor(s, { store, timeoutMs: 1000 });
    // The key the client uses: a digest of base URL, merchant id and email.
    const account = createHash("sha256")
      .update(`${s.baseUrl}\n${MERCHANT.merchantId}\n${MERCHANT.email}`)
      .digest("base64url")
      .slice(0, 22);
    // An instance that took the lock and died: it expires by itself in 600 ms.
    expect(await store.acquireLock(`merchant-api:renew-lock:${account}`, 600)).not.toBeNull();
    const pending = Promise.all(
      Array.from({ length: 20 }, () => client.request("POST", "/v2/customer/create", CUSTOMER)),
    );
    // The client found the lock taken, and waits: no login while it is held.
    await vi.waitFor(() => expect(refusals).toBeGreaterThanOrEqual(2), { timeout: 3_000 });
    expect(s.sandbox.counts.logins).toBe(0);
    storeNow += 600; // the lock runs out
    const results = await pending;
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 0, customers: 20 });
  });

  it("keeps tokens out of the store in clear and out of every log line", async () => {
    const s = await sandboxWith();
    const inner = memoryStore();
    const written: string[] = [];
    const store: Store = {
      ...inner,
      get: (k) => inner.get(k),
      set: (k, v, ttl, o) => {
        written.push(k, v);
        return inner.set(k, v, ttl, o);
      },
      acquireLock: (k, t) => inner.acquireLock(k, t),
      releaseLock: (k, t) => inner.releaseLock(k, t),
      close: () => inner.close(),
      delete: (k) => inner.delete(k),
      increment: (k, w) => inner.increment(k, w),
    };
    cleanups.push(() => store.close());
    const log: string[] = [];
    const client = clientFor(s, { store, refreshMarginMs: 0 }, log);
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    s.sandbox.expireIssued("access");
    s.sandbox.expireIssued("refresh");
    await client.request("POST", "/v2/customer/create", CUSTOMER);
    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(log.length).toBeGreaterThan(0);
    expectNoSecrets([...written, ...log], s);
    expect(written.filter((_, i) => i % 2 === 0).every((k) => k.startsWith("merchant-api:"))).toBe(
      true,
    );
  });

  it("a login that never answers fails with UPSTREAM_TIMEOUT after timeoutMs", async () => {
    const s = await sandboxWith();
    s.faults.hangLogin = true;
    const client = clientFor(s, { timeoutMs: 300 });
    const started = Date.now();
    const err = await client
      .request("POST", "/v2/customer/create", CUSTOMER)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamTransportError);
    expect(err).toMatchObject({ code: "UPSTREAM_TIMEOUT", status: 504 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((err as Error).message).not.toContain(MERCHANT.password);
  });

  it("refuses a path with dot segments or encoded separators before sending anything", async () => {
    const s = await sandboxWith();
    const client = clientFor(s);
    for (const path of [
      "/v2/customer/create/../../auth/login",
      "/v2/customer/%2e%2e/auth/login",
      "/v2/customer%2Fcreate",
      "v2/customer/create",
      "//evil.example/v2",
      "/v2/customer/create\r\nX: y",
    ]) {
      await expect(client.request("POST", path, {})).rejects.toThrow(/path must be/);
    }
    expect(s.seen).toHaveLength(0);
  });
});

describe("merchant API client, API key", () => {
  it("sends the Api-key header and never logs in", async () => {
    const s = await sandboxWith();
    const client = createMerchantApiClient({ baseUrl: s.baseUrl, apiKey: MERCHANT.apiKey });
    cleanups.push(() => client.close());
    expect(client.mode).toBe("apiKey");
    const res = await client.request<{ customerId: string }>(
      "POST",
      "/v2/customer/create",
      CUSTOMER,
    );
    expect(res.status).toBe(201);
    expect(res.data.customerId).toMatch(/^cus_/);
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]!.headers["api-key"]).toBe(MERCHANT.apiKey);
    expect(s.seen[0]!.headers.authorization).toBeUndefined();
    expect(s.sandbox.counts).toMatchObject({ logins: 0, refreshes: 0, customers: 1 });

    const bad = createMerchantApiClient({ baseUrl: s.baseUrl, apiKey: "mk_test_wrong_key_000000" });
    cleanups.push(() => bad.close());
    const refused = await bad.request<{ code: string }>("POST", "/v2/customer/create", CUSTOMER);
    expect(refused).toEqual({
      status: 401,
      data: { code: "INVALID_API_KEY", message: "Api-key is not valid" },
    });
    expect(s.sandbox.counts.logins).toBe(0);
  });
});

describe("createMerchantApiClient options", () => {
  const base = "http://127.0.0.1:9/merchant-api";
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["no baseUrl", { apiKey: "k" }, "merchantApiClient.baseUrl"],
    ["a non-http baseUrl", { baseUrl: "ftp://x", apiKey: "k" }, "merchantApiClient.baseUrl"],
    [
      "credentials in baseUrl",
      { baseUrl: "http://u:p@h.example", apiKey: "k" },
      "merchantApiClient.baseUrl",
    ],
    [
      "both modes",
      { baseUrl: base, apiKey: "k", email: "e", password: "p", merchantId: "m" },
      "merchantApiClient",
    ],
    ["neither mode", { baseUrl: base }, "merchantApiClient"],
    ["no password", { baseUrl: base, email: "e", merchantId: "m" }, "merchantApiClient.password"],
    ["no merchantId", { baseUrl: base, email: "e", password: "p" }, "merchantApiClient.merchantId"],
    ["a bad timeout", { baseUrl: base, apiKey: "k", timeoutMs: 0 }, "merchantApiClient.timeoutMs"],
    [
      "a bad margin",
      { baseUrl: base, apiKey: "k", refreshMarginMs: -1 },
      "merchantApiClient.refreshMarginMs",
    ],
    ["a bad store", { baseUrl: base, apiKey: "k", store: {} }, "merchantApiClient.store"],
  ];
  it.each(cases)("rejects %s, naming the option and never its value", (_name, options, option) => {
    let err: unknown;
    try {
      createMerchantApiClient({ ...options, password: options.password ?? undefined } as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    expect((err as WidgetTokensOptionError).option).toBe(option);
    expect((err as Error).message).not.toMatch(/u:p@/);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type MerchantApiClient,
  type Store,
  WidgetTokensError,
  createMerchantApiClient,
} from "../src/index.js";
import { captureLogger } from "./helpers/http.js";
import {
  CUSTOMER,
  JWT_IN_TEXT,
  MERCHANT,
  type MerchantSandboxServer,
  expOf,
  lastBearer,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";
import {
  type RedisBackend,
  type RedisBackendKind,
  startRedisBackend,
} from "./helpers/redis-backend.js";

/**
 * Two instances (two merchant-API clients, each with its own redisStore) share
 * one backend (one redis-server, or a 3-master Redis Cluster in
 * redis-cluster/redis-merchant-api-cluster.test.ts): a renewal across an expiry happens exactly once for both,
 * whichever way the expiry shows (the client's clock, or a 401 from the
 * provider), and a Redis outage fails closed without a login storm.
 */

/**
 * Each store's bound on one Redis command: one no loaded machine reaches, so
 * bursts of hundreds never fail on it. The outage test's calls run at once,
 * so they end within one such bound at most; the deadline itself is the
 * fault suite's (faults/redis.test.ts, stores/redis.test.ts).
 */
const COMMAND_TIMEOUT_MS = 10_000;

export function describeRedisMerchantApi(kind: RedisBackendKind): void {
  // Bursts of hundreds of calls: on a loaded 2-core machine a test may take a while.
  describe(`merchant API renewals on a ${kind}`, { timeout: 60_000 }, () => {
    const CREATE = "/v2/customer/create";

    let backend: RedisBackend;
    let s: MerchantSandboxServer;
    const prefix = `mapi-${randomUUID()}:`;
    const stores: Store[] = [];
    let a: MerchantApiClient;
    let b: MerchantApiClient;
    /** Instances a test made for itself. */
    const later: MerchantApiClient[] = [];

    function instance(): MerchantApiClient {
      const store = backend.store({
        prefix,
        commandTimeoutMs: COMMAND_TIMEOUT_MS,
        logger: captureLogger([]),
      });
      stores.push(store);
      return createMerchantApiClient({
        baseUrl: s.baseUrl,
        merchantId: MERCHANT.merchantId,
        email: MERCHANT.email,
        password: MERCHANT.password,
        refreshMarginMs: 0,
        // Generous: a burst of hundreds on a loaded 2-core machine must not time out the provider.
        timeoutMs: 30_000,
        store,
      });
    }

    /** `n` concurrent calls, alternating between the two instances. */
    function burst(n: number, [one, two]: readonly MerchantApiClient[] = [a, b]) {
      return Promise.all(
        Array.from({ length: n }, (_, i) =>
          (i % 2 ? one! : two!).request("POST", CREATE, CUSTOMER),
        ),
      );
    }

    beforeAll(async () => {
      backend = await startRedisBackend(kind);
      // Long enough that no burst on a loaded machine outlives it; the renewal test makes its own short one.
      s = await startMerchantSandbox({ accessTokenTtlSeconds: 60 });
      a = instance();
      b = instance();
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    afterAll(async () => {
      await Promise.all([a, b, ...later].map((client) => client?.close()));
      await Promise.all(stores.map((store) => store.close()));
      await s?.close();
      await backend?.close();
    });

    describe(`merchant API on two instances sharing one ${kind}`, () => {
      it("the first calls on both instances at once log in exactly once", async () => {
        const results = await burst(200);
        expect(results.every((r) => r.status === 201)).toBe(true);
        expect(s.sandbox.counts).toMatchObject({ logins: 1, refreshes: 0, customers: 200 });

        // The session sits in Redis, sealed: no token in clear; the lock is gone.
        const keys = await backend.keys(`${prefix}*`);
        const sessionKeys = keys.filter((k) => k.startsWith(`${prefix}merchant-api:session:`));
        expect(sessionKeys).toHaveLength(1);
        expect(keys.filter((k) => k.includes("renew-lock"))).toEqual([]);
        const sealed = (await backend.get(sessionKeys[0]!))!;
        const bearer = lastBearer(s.seen);
        expect(sealed).not.toContain(bearer);
        expect(sealed).not.toMatch(JWT_IN_TEXT);
        expect(sealed).not.toContain(MERCHANT.email);
      });

      it("a renewal across an access-token expiry happens exactly once for both instances", async () => {
        // One clock for both instances and the sandbox (same process), moved by the test;
        // Redis's own clock only times the lock and the session's key, both long.
        vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
        // Two instances made now, on that clock (a client reads the clock it was made with).
        const pair = [instance(), instance()] as const;
        later.push(...pair);
        // A current token that dies in 2 s: the provider refuses the old one early, one call renews it.
        s.sandbox.setLifetimes({ access: 2 });
        s.sandbox.expireIssued("access");
        expect((await pair[0].request("POST", CREATE, CUSTOMER)).status).toBe(201);
        const before = { ...s.sandbox.counts };
        const exp = expOf(lastBearer(s.seen));
        s.sandbox.setLifetimes({ access: 60 });
        // 300 calls on both instances 100 ms before the expiry, 300 at once after it (past
        // the client's own reckoning too, which counts from when the answer came: the
        // provider's refusal of a token the client still trusted is the next test's case).
        vi.setSystemTime(exp - 100);
        const early = await burst(300, pair);
        expect(s.sandbox.counts.refreshes).toBe(before.refreshes);
        vi.setSystemTime(exp + 1100);
        const results = [...early, ...(await burst(300, pair))];
        expect(results).toHaveLength(600);
        expect(results.every((r) => r.status === 201)).toBe(true);
        const after = s.sandbox.counts;
        expect(after.logins - before.logins).toBe(0);
        expect(after.refreshes - before.refreshes).toBe(1);
        expect(after.customers - before.customers).toBe(600);
        expect(expOf(lastBearer(s.seen))).toBeGreaterThan(exp);
      });

      it("a 401 TokenExpiredError seen by both instances at once causes exactly one refresh", async () => {
        // Start from a fresh access token, then make the provider refuse it early.
        await a.request("POST", CREATE, CUSTOMER);
        const before = { ...s.sandbox.counts };
        s.sandbox.expireIssued("access");
        const results = await burst(300);
        expect(results.every((r) => r.status === 201)).toBe(true);
        const after = s.sandbox.counts;
        expect(after.expiredAccess - before.expiredAccess).toBeGreaterThanOrEqual(1);
        expect(after.refreshes - before.refreshes).toBe(1);
        expect(after.logins - before.logins).toBe(0);
        expect(after.customers - before.customers).toBe(300);
      });

      it("an expired refresh token leads to exactly one new login for both instances", async () => {
        await a.request("POST", CREATE, CUSTOMER);
        const before = { ...s.sandbox.counts };
        s.sandbox.expireIssued("refresh");
        s.sandbox.expireIssued("access");
        const results = await burst(300);
        expect(results.every((r) => r.status === 201)).toBe(true);
        const after = s.sandbox.counts;
        expect(after.expiredRefreshes - before.expiredRefreshes).toBe(1);
        expect(after.logins - before.logins).toBe(1);
        expect(after.refreshes - before.refreshes).toBe(0);
      });

      // A crash of the one Redis. A Cluster master's crash and failover:
      // redis-cluster/cluster-failover.test.ts.
      if (kind === "single Redis")
        it("with Redis down, a warm session still serves calls; one that needs the store fails closed (STORE_UNAVAILABLE) without logging in; after a restart the stored session is reused", async () => {
          await a.request("POST", CREATE, CUSTOMER);
          await b.request("POST", CREATE, CUSTOMER);
          const redis = backend.single!;
          await redis.stop("SIGKILL");

          // Both instances hold a fresh session: no store operation per call, so no 503.
          const warm = await burst(20);
          expect(warm.every((r) => r.status === 201)).toBe(true);

          // The provider refuses that token: replacing it needs the store, which is down.
          s.sandbox.expireIssued("access");
          const before = { ...s.sandbox.counts };

          // Every call settles while Redis is still down: none hangs on the dead store.
          const outcomes = await Promise.allSettled(
            Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).request("POST", CREATE, CUSTOMER)),
          );
          for (const o of outcomes) {
            expect(o.status).toBe("rejected");
            const err = (o as PromiseRejectedResult).reason as WidgetTokensError;
            expect(err).toBeInstanceOf(WidgetTokensError);
            expect(err.code).toBe("STORE_UNAVAILABLE");
          }
          // No login or refresh reached the provider: no login storm while the store is away.
          expect(s.sandbox.counts.logins).toBe(before.logins);
          expect(s.sandbox.counts.refreshes).toBe(before.refreshes);

          await redis.start();
          await expect
            .poll(
              async () =>
                (await a.request("POST", CREATE, CUSTOMER).catch(() => ({ status: 0 }))).status,
              {
                timeout: 10_000,
                interval: 100,
              },
            )
            .toBe(201);
          const results = await burst(100);
          expect(results.every((r) => r.status === 201)).toBe(true);
          // The session written before the crash survived (append-only file): its refresh
          // token replaced the refused access token, once; no new login.
          expect(s.sandbox.counts.logins).toBe(before.logins);
          expect(s.sandbox.counts.refreshes).toBe(before.refreshes + 1);
        });
    });
  });
}

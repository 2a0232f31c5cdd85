import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store, WidgetTokensOptions } from "../src/index.js";
import { widgetTokens } from "../src/index.js";
import {
  TEST_SECRET,
  type TestApp,
  captureLogger,
  identifyByHeader,
  startTestApp,
} from "./helpers/http.js";
import {
  type RedisBackend,
  type RedisBackendKind,
  startRedisBackend,
} from "./helpers/redis-backend.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

/** The user of an issued token's record (the ledger entry kept under `jti:`), or null. */
function userOfRecord(raw: string | null): string | null {
  if (raw === null) return null;
  // The compact form: [format, provider, userId, …] (src/ledger/entry.ts).
  return (JSON.parse(raw) as [number, string, string])[2];
}

/**
 * Two (three) instances of the app, each its own Express server, its own
 * widgetTokens() and its own redisStore() (its own connection), sharing one
 * backend: one redis-server (redis-scale.test.ts) or a 3-master Redis Cluster
 * (redis-cluster/redis-scale-cluster.test.ts). They must behave as one. The
 * single Redis runs with an fsync'd append-only file so a crash loses nothing
 * already acknowledged.
 */
/** A store deadline no loaded machine reaches: for traffic that is not about the deadline. */
const PATIENT_MS = 30_000;
/** The outage test's store deadline: answers while Redis is down come within it. */
const FAST_MS = 400;

export function describeRedisScale(kind: RedisBackendKind): void {
  describe(`redis scale on a ${kind}`, () => {
    const fluz = { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } };
    const body = { amount: 10, transactionType: "DEPOSIT" };

    interface Minted {
      token: string;
      jti: string;
      expiresAt: string;
    }

    let backend: RedisBackend;
    const prefix = `scale-${randomUUID()}:`;
    const stores: Store[] = [];
    let a: TestApp;
    let b: TestApp;
    /** Rate limits fail open on this one. */
    let open: TestApp;
    /** Same per-IP rule, failing closed. */
    let closed: TestApp;
    /** Instances a test made for itself. */
    const extra: TestApp[] = [];

    /**
     * An instance on the shared backend. Its store's deadline is one no loaded
     * machine reaches (traffic that is not about the deadline must not fail
     * on it); the outage test makes its own with a short one, judged by the
     * answers while Redis is down, not by a stopwatch. The deadline itself is
     * the fault suite's (faults/redis.test.ts, stores/redis.test.ts).
     */
    async function instance(
      options: Partial<WidgetTokensOptions>,
      commandTimeoutMs = PATIENT_MS,
    ): Promise<TestApp> {
      const store = backend.store({ prefix, commandTimeoutMs, logger: captureLogger([]) });
      stores.push(store);
      return startTestApp({ providers: fluz, store, ...options });
    }

    const mint = (
      app: TestApp,
      user: string,
      headers: Record<string, string> = {},
      b_: unknown = body,
    ) => app.post("/fluz/pat-token", b_, { "x-test-user": user, ...headers });

    async function timed(p: Promise<globalThis.Response>) {
      const started = Date.now();
      const res = await p;
      const json = (await res.json()) as {
        error?: { code: string; message: string };
      } & Partial<Minted>;
      return { res, json, ms: Date.now() - started };
    }

    const limits = { perUser: { limit: 5, windowMs: 60_000 }, perIp: false as const };
    const perIp = { perUser: false as const, perIp: { limit: 1000, windowMs: 60_000 } };
    beforeAll(async () => {
      backend = await startRedisBackend(kind);
      a = await instance({ rateLimit: limits });
      b = await instance({ rateLimit: limits });
      open = await instance({ rateLimit: { ...perIp, failOpen: true } });
      closed = await instance({ rateLimit: perIp });
    });

    afterAll(async () => {
      await Promise.all([a, b, open, closed, ...extra].map((app) => app?.close()));
      await Promise.all(stores.map((s) => s.close()));
      await backend?.close();
    });

    describe(`two instances sharing one ${kind}`, () => {
      it("share the per-user rate limit: 3 on A + 3 on B, the 6th is 429 with Retry-After", async () => {
        const user = `rl-${randomUUID()}`;
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await mint(a, user)).status);
        for (let i = 0; i < 2; i++) statuses.push((await mint(b, user)).status);
        expect(statuses).toEqual([201, 201, 201, 201, 201]);

        const sixth = await mint(b, user);
        expect(sixth.status).toBe(429);
        expect(((await sixth.json()) as { error: { code: string } }).error.code).toBe(
          "RATE_LIMITED",
        );
        const retryAfter = Number(sixth.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        // And A sees the same count.
        expect((await mint(a, user)).status).toBe(429);
        // Another user is not affected.
        expect((await mint(a, `other-${randomUUID()}`)).status).toBe(201);
      });

      it("an Idempotency-Key used on A then on B returns the same token; another body is 422", async () => {
        const user = `idem-${randomUUID()}`;
        const key = randomUUID();
        const first = await mint(a, user, { "idempotency-key": key });
        expect(first.status).toBe(201);
        const minted = (await first.json()) as Minted;
        const { payload: claims } = await verifyHs256(minted.token, TEST_SECRET);
        expect(claims).toMatchObject({ externalId: user, jti: minted.jti, amount: 10 });

        const again = await mint(b, user, { "idempotency-key": key });
        expect(again.status).toBe(201);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect((await again.json()) as Minted).toEqual(minted);

        const other = await mint(
          b,
          user,
          { "idempotency-key": key },
          { amount: 11, transactionType: "DEPOSIT" },
        );
        expect(other.status).toBe(422);
        expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
          "IDEMPOTENCY_KEY_REUSED",
        );

        // The key is scoped to the user: someone else using it gets their own token.
        const stranger = await mint(b, `stranger-${randomUUID()}`, { "idempotency-key": key });
        expect(stranger.status).toBe(201);
        expect(((await stranger.json()) as Minted).jti).not.toBe(minted.jti);

        // The issued jti is recorded once, in the shared Redis, for the token's life.
        expect(userOfRecord(await backend.get(`${prefix}jti:${minted.jti}`))).toBe(user);
        const pttl = await backend.pttl(`${prefix}jti:${minted.jti}`);
        expect(pttl).toBeGreaterThan(86_000_000);
      });

      it("the same Idempotency-Key sent to both instances at once mints one token", async () => {
        const user = `race-${randomUUID()}`;
        const key = randomUUID();
        const answers = await Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            timed(mint(i % 2 ? b : a, user, { "idempotency-key": key })),
          ),
        );
        const ok = answers.filter((r) => r.res.status === 201);
        const busy = answers.filter((r) => r.res.status === 409);
        expect(ok.length + busy.length).toBe(4);
        expect(ok.length).toBeGreaterThanOrEqual(1);
        expect(new Set(ok.map((r) => r.json.jti)).size).toBe(1);
        for (const r of busy) expect(r.json.error?.code).toBe("IDEMPOTENCY_IN_PROGRESS");
        const keys = await backend.keys(`${prefix}jti:*`);
        const mine = (await Promise.all(keys.map((k) => backend.get(k)))).filter(
          (raw) => userOfRecord(raw) === user,
        );
        expect(mine).toHaveLength(1);
      });
    });

    /** An Express app behind a (pretend) load balancer: `trust proxy` as given. */
    async function behindProxy(trustProxy: number | false) {
      const store = backend.store({
        prefix,
        commandTimeoutMs: PATIENT_MS,
        logger: captureLogger([]),
      });
      stores.push(store);
      const tokens = widgetTokens({
        identify: identifyByHeader,
        providers: fluz,
        store,
        logger: captureLogger([]),
        rateLimit: { perUser: false, perIp: { limit: 2, windowMs: 60_000 } },
      });
      const app = express();
      app.set("trust proxy", trustProxy);
      app.use("/widget-tokens", tokens as express.RequestHandler);
      const server = app.listen(0, "127.0.0.1");
      await once(server, "listening");
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget-tokens`;
      return {
        mint: (forwardedFor: string) =>
          fetch(`${base}/fluz/pat-token`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-test-user": `u-${randomUUID()}`,
              "x-forwarded-for": forwardedFor,
            },
            body: JSON.stringify(body),
          }).then((r) => r.status),
        async close() {
          server.closeAllConnections();
          await new Promise<void>((r) => server.close(() => r()));
          await tokens.close();
        },
      };
    }

    describe("per-IP limits behind a load balancer", () => {
      it("with trust proxy = 1, each client IP has its own bucket, shared by the instances", async () => {
        const [p, q] = [await behindProxy(1), await behindProxy(1)];
        try {
          const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
          // A spoofed left-most entry does not help: the proxy appends the real peer.
          expect(await p.mint(`198.51.100.1, ${ip}`)).toBe(201);
          expect(await q.mint(`198.51.100.2, ${ip}`)).toBe(201);
          expect(await p.mint(`198.51.100.3, ${ip}`)).toBe(429);
          expect(await q.mint(ip)).toBe(429);
          expect(await q.mint("192.0.2.55")).toBe(201);
        } finally {
          await p.close();
          await q.close();
        }
      });

      it("without trust proxy, every client shares the proxy's bucket", async () => {
        await backend.del(`${prefix}rl:ip:127.0.0.1`);
        const p = await behindProxy(false);
        try {
          expect(await p.mint("192.0.2.1")).toBe(201);
          expect(await p.mint("192.0.2.2")).toBe(201);
          expect(await p.mint("192.0.2.3")).toBe(429);
        } finally {
          await p.close();
          await backend.del(`${prefix}rl:ip:127.0.0.1`);
        }
      });
    });

    // A crash of the one Redis. A Cluster master's crash and failover (with its
    // replica's promotion) is server/test/redis-cluster/cluster-failover.test.ts.
    if (kind !== "single Redis") return;
    describe("Redis down mid-test, then back", () => {
      it("answers 503 STORE_UNAVAILABLE quickly, keeps serving, and recovers without losing acknowledged data", async () => {
        const user = `outage-${randomUUID()}`;
        // The same four instances with a 400 ms store deadline, for the answers while Redis is down.
        const fast = {
          a: await instance({ rateLimit: limits }, FAST_MS),
          b: await instance({ rateLimit: limits }, FAST_MS),
          open: await instance({ rateLimit: { ...perIp, failOpen: true } }, FAST_MS),
          closed: await instance({ rateLimit: perIp }, FAST_MS),
        };
        extra.push(...Object.values(fast));
        const key = randomUUID();
        const acknowledged = await mint(a, user, { "idempotency-key": key });
        expect(acknowledged.status).toBe(201);
        const minted = (await acknowledged.json()) as Minted;
        const limited = `limited-${randomUUID()}`;
        for (let i = 0; i < 5; i++) expect((await mint(b, limited)).status).toBe(201);
        expect((await mint(a, limited)).status).toBe(429);

        // A crash: SIGKILL, no chance to save anything more.
        const redis = backend.single!;
        await redis.stop("SIGKILL");

        for (const app of [fast.a, fast.b, fast.closed]) {
          const down = await timed(mint(app, user));
          expect(down.res.status).toBe(503);
          expect(down.json.error?.code).toBe("STORE_UNAVAILABLE");
          expect(JSON.stringify(down.json)).not.toMatch(/redis|127\.0\.0\.1|ECONN/i);
        }
        const replay = await timed(mint(fast.b, user, { "idempotency-key": key }));
        expect(replay.res.status).toBe(503);

        // Many at once: every one answered while Redis is down (none waits for it).
        const burst = await Promise.all(
          Array.from({ length: 20 }, (_, i) => timed(mint(i % 2 ? fast.a : fast.b, user))),
        );
        for (const r of burst) {
          expect(r.res.status).toBe(503);
        }

        // Routes that need no store still answer.
        const loader = await fetch(`${a.base}/loader.js`);
        expect(loader.status).toBe(200);
        expect((await loader.text()).length).toBeGreaterThan(100);
        // An unknown path below a segment the middleware owns (other paths go on to the app).
        const missing = await fetch(`${b.base}/fluz/nope`);
        expect(missing.status).toBe(404);
        expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
          "NOT_FOUND",
        );

        // Rate limiting alone may fail open: a request refused for another reason
        // gets that reason (401), where the fail-closed instance answers 503.
        const anonymousOpen = await fetch(`${fast.open.base}/fluz/pat-token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(anonymousOpen.status).toBe(401);
        const anonymousClosed = await fetch(`${fast.closed.base}/fluz/pat-token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(anonymousClosed.status).toBe(503);
        expect(fast.open.log.some((l) => l.includes("failing open"))).toBe(true);
        // The mint itself still fails closed: its jti must be recorded.
        const openMint = await timed(mint(fast.open, user));
        expect(openMint.res.status).toBe(503);
        expect(openMint.json.error?.code).toBe("STORE_UNAVAILABLE");

        // Back up on the same port, with its append-only file.
        await redis.start();
        // Each client reconnects by itself: wait for those states, not for a time.
        await expect.poll(async () => (await mint(a, user)).status, { timeout: 10_000 }).toBe(201);
        await expect.poll(async () => (await mint(b, user)).status, { timeout: 10_000 }).toBe(201);

        // Nothing acknowledged before the crash is lost.
        const replayed = await mint(b, user, { "idempotency-key": key });
        expect(replayed.status).toBe(201);
        expect(replayed.headers.get("idempotent-replayed")).toBe("true");
        expect((await replayed.json()) as Minted).toEqual(minted);
        expect(userOfRecord(await backend.get(`${prefix}jti:${minted.jti}`))).toBe(user);
        expect((await mint(a, limited)).status).toBe(429);
        // The fail-open instance recovered as well.
        expect((await mint(open, user)).status).toBe(201);
      });
    });
  });
}

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WidgetTokensError } from "../../src/errors.js";
import { type Store, redisStore, signNotification } from "../../src/index.js";
import type { LedgerEntry } from "../../src/ledger/entry.js";
import { createLedger } from "../../src/ledger/ledger.js";
import { readLedgerOptions } from "../../src/ledger/options.js";
import { silentLogger } from "../../src/logger.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "../helpers/http.js";
import { type TestRedis, startRedisServer } from "../helpers/redis-server.js";
import { type StoreTap, tapStore } from "../helpers/store-tap.js";
import { issueEntry } from "../stores/ledger-contract.js";

/**
 * The ledger's settlement when Redis freezes (SIGSTOP) at the exact step
 * where one instance's compare-and-set is on its way (a store tap does it:
 * an event, never a timer). The write runs when Redis thaws, after its
 * caller gave up: whatever the retries, exactly one settlement, and the
 * merchant's `onSettled` runs once.
 */

const T = 1000;
const LEASE_MS = 30_000;
const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

let redis: TestRedis;
const opened: Store[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  redis.resume();
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => redis?.close());

function instance(prefix: string, clock: { now: number }, settled: LedgerEntry[], tap?: StoreTap) {
  const base = redisStore(
    { url: redis.url },
    { prefix, commandTimeoutMs: T, logger: captureLogger([]) },
  );
  opened.push(base);
  const store = tap ? tapStore(base, tap) : base;
  return createLedger(
    store,
    readLedgerOptions({
      onSettledLeaseMs: LEASE_MS,
      onSettled: (entry: LedgerEntry) => {
        settled.push(entry);
      },
    }),
    { now: () => clock.now, logger: silentLogger },
  );
}

/**
 * How a settle call ended: its code and what ended it. The deadline is judged
 * by that, not by a stopwatch a loaded machine can break: a call that ends on
 * the store's own `commandTimeoutMs` timer has the cause "no answer within
 * 1000 ms"; one that waited for Redis to thaw would never end here (the test
 * resumes Redis only after).
 */
async function outcome(p: Promise<unknown>): Promise<{ code: string; endedBy?: string }> {
  return p.then(
    () => ({ code: "settled" }),
    (err: unknown) =>
      err instanceof WidgetTokensError
        ? { code: err.code, endedBy: String((err.cause as Error | undefined)?.message) }
        : { code: String(err) },
  );
}

const DEADLINE = `no answer within ${T} ms`;

describe("ledger settlement with Redis frozen mid-settle", () => {
  it("the frozen compare-and-set lands late; retries from both instances settle nothing twice and run onSettled once", async () => {
    const prefix = `ledger-faults-${randomUUID()}:`;
    const clock = { now: T0 };
    const settled: LedgerEntry[] = [];
    let freezeOn: string | undefined;
    let markFrozen: () => void = () => {};
    const frozen = new Promise<void>((resolve) => {
      markFrozen = resolve;
    });
    const a = instance(prefix, clock, settled, (op, key) => {
      if (op === "replace" && key === freezeOn) {
        freezeOn = undefined;
        redis.pause();
        markFrozen();
      }
    });
    const b = instance(prefix, clock, settled);

    // Warm up: the compare-and-set script is loaded, so the frozen call is the write itself.
    const warm = await issueEntry(a);
    await a.settle(warm, { amount: 1, reference: "warm-up" });
    settled.length = 0;

    const key = await issueEntry(a);
    freezeOn = `jti:${key}`;
    // B's provider calls while A's compare-and-set is frozen in Redis (started
    // only once it is: on a loaded machine B could otherwise settle first).
    const firstCall = outcome(a.settle(key, { amount: 5000, reference: "tx-1" }));
    await frozen;
    const [first, second] = await Promise.all([
      firstCall,
      outcome(b.settle(key, { amount: 5000, reference: "tx-2" })),
    ]);
    // Both end on the store's deadline while Redis is still frozen, neither as a success.
    expect(first).toEqual({ code: "STORE_UNAVAILABLE", endedBy: DEADLINE });
    expect(second).toEqual({ code: "STORE_UNAVAILABLE", endedBy: DEADLINE });
    expect(settled).toHaveLength(0);

    redis.resume();
    // Thawed, Redis runs A's compare-and-set: settled by tx-1, nobody told yet.
    await expect
      .poll(async () => (await b.lookup(key))?.settlement?.reference, { timeout: 10_000 })
      .toBe("tx-1");

    // B's provider retries with its own reference: refused, nothing changes.
    expect((await outcome(b.settle(key, { amount: 5000, reference: "tx-2" }))).code).toBe(
      "LEDGER_ALREADY_SETTLED",
    );
    // A's provider retries tx-1 while the frozen attempt's lease still holds: later, please.
    expect((await outcome(a.settle(key, { amount: 5000, reference: "tx-1" }))).code).toBe(
      "LEDGER_SETTLEMENT_IN_PROGRESS",
    );
    expect(settled).toHaveLength(0);
    // Once the lease has run out, a retry (from either instance) runs onSettled, once.
    clock.now += LEASE_MS + 1;
    const [retryA, retryB] = await Promise.all([
      outcome(a.settle(key, { amount: 5000, reference: "tx-1" })),
      outcome(b.settle(key, { amount: 5000, reference: "tx-1" })),
    ]);
    // One takes the lease over; the other waits for it, or sees it done.
    expect([retryA.code, retryB.code]).toContain("settled");
    for (const r of [retryA, retryB]) {
      expect(["settled", "LEDGER_SETTLEMENT_IN_PROGRESS"]).toContain(r.code);
    }
    expect(settled.map((e) => [e.key, e.settlement?.reference])).toEqual([[key, "tx-1"]]);
    // And every later retry is a plain no-op.
    expect(await b.settle(key, { amount: 5000, reference: "tx-1" })).toMatchObject({
      replayed: true,
    });
    expect(settled).toHaveLength(1);
  });
});

/** What the route test needs of a notifying provider: its config, a mint, a signed notification. */
const ROUTES = [
  {
    provider: "fluz",
    secret: "fluz-faults-webhook-secret-0123456789abcdef",
    headers: ["x-hmac-signature", "x-hmac-timestamp"],
    config: (secret: string) => ({
      fluz: { apiKey: "k", apiSecret: TEST_SECRET, notifications: { secret } },
    }),
    mint: ["/fluz/pat-token", { amount: "20.00", transactionType: "DEPOSIT" }],
    event: (jti: string) => ({
      eventType: "WIDGET_DEPOSIT_COMPLETE",
      externalReference: jti,
      externalId: "user-1",
      amount: 20,
      transactionId: `tx-${jti}`,
    }),
  },
  {
    provider: "impact",
    secret: "impact-faults-webhook-secret-0123456789abcd",
    headers: ["x-impact-signature", "x-impact-timestamp"],
    config: (secret: string) => ({
      impact: {
        accountSid: "IRfaults",
        authToken: TEST_SECRET,
        tenantAlias: "test_faults",
        notifications: { secret },
      },
    }),
    mint: ["/impact/user-token", {}],
    event: (jti: string) => ({
      id: `evt-${jti}`,
      type: "user.widget.verified",
      tenantAlias: "test_faults",
      live: false,
      created: Date.now(),
      data: { id: "user-1", accountId: "user-1", jti },
    }),
  },
] as const;

describe.each(ROUTES)("$provider notification route with Redis frozen mid-settle", (route) => {
  const SECRET = route.secret;

  it("503 within commandTimeoutMs while frozen; the provider's retries then settle once, onSettled once", async () => {
    const prefix = `notify-faults-${randomUUID()}:`;
    const clock = { now: Date.now() };
    const settled: LedgerEntry[] = [];
    let freeze = false;
    const apps: TestApp[] = [];
    const instanceApp = async (tap?: StoreTap) => {
      const base = redisStore(
        { url: redis.url },
        { prefix, commandTimeoutMs: T, logger: captureLogger([]) },
      );
      opened.push(base);
      const app = await startTestApp({
        now: () => clock.now,
        store: tap ? tapStore(base, tap) : base,
        ledger: {
          onSettledLeaseMs: LEASE_MS,
          onSettled: (entry) => {
            settled.push(entry);
          },
        },
        providers: route.config(SECRET),
      });
      apps.push(app);
      return app;
    };
    try {
      const a = await instanceApp((op, key) => {
        if (op === "replace" && key.startsWith("jti:") && freeze) {
          freeze = false;
          redis.pause();
        }
      });
      const b = await instanceApp();
      const mint = async () => {
        const res = await a.post(route.mint[0], route.mint[1]);
        return ((await res.json()) as { jti: string }).jti;
      };
      const notify = async (app: TestApp, jti: string) => {
        const body = JSON.stringify(route.event(jti));
        const ts = Math.floor(clock.now / 1000);
        const res = await fetch(`${app.base}/${route.provider}/notifications`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [route.headers[0]]: signNotification(SECRET, ts, body),
            [route.headers[1]]: String(ts),
          },
          body,
        });
        const json = (await res.json()) as { status?: string; error?: { code: string } };
        return {
          status: res.status,
          outcome: json.status ?? json.error?.code,
        };
      };

      // Warm up the compare-and-set script, so the frozen call is the write itself.
      expect((await notify(a, await mint())).outcome).toBe("settled");
      settled.length = 0;

      const jti = await mint();
      freeze = true;
      // Answered while Redis is still frozen: the store's deadline ended the wait
      // (a frozen Redis refuses nothing), never Redis thawing.
      const frozen = await notify(a, jti);
      expect(frozen).toMatchObject({ status: 503, outcome: "STORE_UNAVAILABLE" });
      redis.resume();
      // The late write lands: settled, its hook not yet run; a retry meanwhile waits for the lease.
      await expect
        .poll(async () => (await b.tokens.ledger.lookup(jti))?.status, { timeout: 10_000 })
        .toBe("settled");
      expect(await notify(b, jti)).toMatchObject({
        status: 409,
        outcome: "LEDGER_SETTLEMENT_IN_PROGRESS",
      });
      expect(settled).toHaveLength(0);
      clock.now += LEASE_MS + 1;
      expect(await notify(b, jti)).toMatchObject({ status: 200, outcome: "replayed" });
      expect(await notify(a, jti)).toMatchObject({ status: 200, outcome: "replayed" });
      expect(settled.map((e) => e.key)).toEqual([jti]);
    } finally {
      redis.resume();
      for (const app of apps) await app.close();
    }
  });
});

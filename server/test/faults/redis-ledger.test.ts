import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WidgetTokensError } from "../../src/errors.js";
import { type Store, redisStore } from "../../src/index.js";
import type { LedgerEntry } from "../../src/ledger/entry.js";
import { type LedgerService, createLedger } from "../../src/ledger/ledger.js";
import { readLedgerOptions } from "../../src/ledger/options.js";
import { silentLogger } from "../../src/logger.js";
import { captureLogger } from "../helpers/http.js";
import { type TestRedis, startRedisServer } from "../helpers/redis-server.js";
import { type StoreTap, tapStore } from "../helpers/store-tap.js";

/**
 * The ledger's settlement when Redis freezes (SIGSTOP) at the exact step
 * where one instance's compare-and-set is on its way (a store tap does it:
 * an event, never a timer). The write runs when Redis thaws, after its
 * caller gave up: whatever the retries, exactly one settlement, and the
 * merchant's `onSettled` runs once.
 */

const T = 1000;
/** As in deadline.ts: a loaded machine cannot flake the deadline. */
const DEADLINE_MARGIN = 2;
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

async function outcome(p: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const started = Date.now();
  const code = await p.then(
    () => "settled",
    (err: unknown) => (err instanceof WidgetTokensError ? err.code : String(err)),
  );
  return { code, ms: Date.now() - started };
}

const issue = (ledger: LedgerService) => {
  const key = randomUUID();
  return ledger
    .record({
      key,
      provider: "fluz",
      userId: "u-1",
      amount: 5000,
      currency: "USD",
      transactionType: "DEPOSIT",
      expiresAt: new Date(T0 + 3_600_000),
    })
    .then(() => key);
};

describe("ledger settlement with Redis frozen mid-settle", () => {
  it("the frozen compare-and-set lands late; retries from both instances settle nothing twice and run onSettled once", async () => {
    const prefix = `ledger-faults-${randomUUID()}:`;
    const clock = { now: T0 };
    const settled: LedgerEntry[] = [];
    let freezeOn: string | undefined;
    const a = instance(prefix, clock, settled, (op, key) => {
      if (op === "replace" && key === freezeOn) {
        freezeOn = undefined;
        redis.pause();
      }
    });
    const b = instance(prefix, clock, settled);

    // Warm up: the compare-and-set script is loaded, so the frozen call is the write itself.
    const warm = await issue(a);
    await a.settle(warm, { amount: 1, reference: "warm-up" });
    settled.length = 0;

    const key = await issue(a);
    freezeOn = `jti:${key}`;
    const [first, second] = await Promise.all([
      outcome(a.settle(key, { amount: 5000, reference: "tx-1" })),
      outcome(b.settle(key, { amount: 5000, reference: "tx-2" })),
    ]);
    // Both answer within the store's deadline, neither as a success.
    expect(first.code).toBe("STORE_UNAVAILABLE");
    expect(second.code).toBe("STORE_UNAVAILABLE");
    expect(first.ms).toBeLessThan(T * DEADLINE_MARGIN);
    expect(second.ms).toBeLessThan(T * DEADLINE_MARGIN);
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

import { describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.js";
import { createSessionKeeper } from "../src/merchant-api/session-keeper.js";
import { type MerchantApiSession, sessionSealer } from "../src/merchant-api/session.js";
import { memoryStore } from "../src/stores/memory.js";
import type { Store } from "../src/stores/store.js";

/** The store, every operation counted by name. */
function countingStore(clock: () => number) {
  const store = memoryStore({ now: clock });
  const ops: Record<string, number> = {};
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || typeof name !== "string") return value;
      return (...args: unknown[]) => {
        ops[name] = (ops[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  const total = () => Object.values(ops).reduce((a, b) => a + b, 0);
  return { store: counted, ops, total };
}

const MINUTE = 60_000;
// One sealer (scrypt runs once per file): both "instances" hold the same credentials.
const sealer = sessionSealer("pw-0123456789", "https://api.example\nm-1\nops@example.com");

function keeper(store: Store, clock: () => number) {
  let n = 0;
  const obtained: MerchantApiSession[] = [];
  const k = createSessionKeeper({
    store,
    sessionKey: "session:acct",
    lockKey: "lock:acct",
    sealer,
    refreshMarginMs: MINUTE,
    lockTtlMs: 5000,
    waitMs: 5000,
    logger: silentLogger,
    now: clock,
    async obtain() {
      n++;
      const t = clock();
      const s = {
        accessToken: `access-${n}-${t}`,
        refreshToken: `refresh-${n}-${t}`,
        accessExpiresAt: t + 30 * MINUTE,
        refreshExpiresAt: t + 2 * 24 * 60 * MINUTE,
        obtainedAt: t,
      };
      obtained.push(s);
      return s;
    },
  });
  return { keeper: k, obtained };
}

describe("the merchant-API session keeper (issue 21, item 6: no store read per request)", () => {
  it("a warm session answers 1,000 calls with no store operation and no unsealing", async () => {
    let now = Date.parse("2026-12-07T09:00:00Z");
    const clock = () => now;
    const { store, ops, total } = countingStore(clock);
    const { keeper: k, obtained } = keeper(store, clock);

    const first = await k.current();
    expect(obtained).toHaveLength(1);
    const afterLogin = total();
    expect(ops.set).toBe(1);

    now += 10 * MINUTE; // still fresh: 20 minutes left, the margin is 1
    const calls = await Promise.all(Array.from({ length: 1000 }, () => k.current()));
    expect(calls.every((s) => s.accessToken === first.accessToken)).toBe(true);
    expect(total()).toBe(afterLogin);
    expect(obtained).toHaveLength(1);
  });

  it("once due, it reads the store and takes another instance's renewal instead of renewing", async () => {
    let now = Date.parse("2026-12-07T09:00:00Z");
    const clock = () => now;
    const { store, ops } = countingStore(clock);
    const a = keeper(store, clock);
    const b = keeper(store, clock);

    const first = await a.keeper.current();
    expect((await b.keeper.current()).accessToken).toBe(first.accessToken);
    expect(b.obtained).toHaveLength(0);

    // Inside the margin: A renews first; B, due too, finds A's session in the store.
    now += 29.5 * MINUTE;
    const renewed = await a.keeper.current();
    expect(renewed.accessToken).not.toBe(first.accessToken);
    const gets = ops.get ?? 0;
    expect((await b.keeper.current()).accessToken).toBe(renewed.accessToken);
    expect(ops.get).toBe(gets + 1);
    expect(b.obtained).toHaveLength(0);
    expect(a.obtained).toHaveLength(2);

    // Warm again on both: no more reads.
    await Promise.all([a.keeper.current(), b.keeper.current()]);
    expect(ops.get).toBe(gets + 1);
  });

  it("a token the provider refused is replaced from the store (another instance's) or renewed once", async () => {
    let now = Date.parse("2026-12-07T09:00:00Z");
    const clock = () => now;
    const { store } = countingStore(clock);
    const a = keeper(store, clock);
    const b = keeper(store, clock);
    const first = await a.keeper.current();
    await b.keeper.current();

    // Both hold `first`, warm; the provider refuses it (revoked). A replaces it: one renewal.
    now += MINUTE;
    const { session: fromA, renewed } = await a.keeper.replace(first);
    expect(renewed).toBe(true);
    expect(fromA.accessToken).not.toBe(first.accessToken);
    // B still trusts `first` until the provider refuses it too; then it reads A's from the store.
    expect((await b.keeper.current()).accessToken).toBe(first.accessToken);
    expect(await b.keeper.replace(first)).toEqual({ session: fromA, renewed: false });
    expect(a.obtained.length + b.obtained.length).toBe(2);
  });
});

import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WidgetTokensError, WidgetTokensOptionError } from "../../src/errors.js";
import { redisStore } from "../../src/stores/redis.js";
import type { Store } from "../../src/stores/store.js";
import { captureLogger } from "../helpers/http.js";
import { type TestRedis, startRedisServer } from "../helpers/redis-server.js";
import { describeLedgerContract } from "./ledger-contract.js";
import { describeStoreContract, redisTimePasses } from "./store-contract.js";

let redis: TestRedis;
let raw: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
  raw.on("error", () => {}); // the outage tests below stop the server under it
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.close();
});

describeStoreContract(
  "redisStore",
  (prefix) => redisStore({ url: redis.url }, { prefix, logger: captureLogger([]) }),
  { sharedBackend: true, timePasses: (prefix, ms) => redisTimePasses(raw, prefix, ms) },
);
describeLedgerContract(
  "redisStore",
  (prefix) => redisStore({ url: redis.url }, { prefix, logger: captureLogger([]) }),
  { sharedBackend: true },
);

/**
 * Expect a STORE_UNAVAILABLE rejection; what ended the operation. The bound
 * is judged by that, not by a stopwatch a loaded machine can break: the
 * store's own deadline (its `commandTimeoutMs` timer, cause code TIMEOUT)
 * or Redis refusing at once. A store that waited for Redis to come back
 * would never reject here: the tests restart Redis only after.
 */
async function unavailable(op: Promise<unknown>): Promise<string> {
  const err = await op.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WidgetTokensError);
  expect((err as WidgetTokensError).code).toBe("STORE_UNAVAILABLE");
  expect((err as WidgetTokensError).status).toBe(503);
  expect((err as WidgetTokensError).message).not.toMatch(/127\.0\.0\.1|redis:\/\//);
  const cause = (err as WidgetTokensError).cause as { code?: unknown; message?: unknown };
  return cause?.code === "TIMEOUT" ? `deadline: ${String(cause.message)}` : "refused";
}

/** Ended by the store's 300 ms deadline or refused at once: bounded either way. */
const BOUNDED = /^(deadline: no answer within 300 ms|refused)$/;

/** Retry `op` until it succeeds (Redis is back): a state, polled, never a fixed wait. */
const eventually = (op: () => Promise<unknown>, withinMs = 10_000) =>
  vi.waitFor(op, { timeout: withinMs, interval: 100 });

describe("redisStore specifics", () => {
  it("writes under the default prefix with a real expiry, and uses an atomic window", async () => {
    const store = redisStore({ url: redis.url }, { logger: captureLogger([]) });
    try {
      await store.set("jti:fluz:abc", "user-1", 60_000);
      expect(await raw.get("widget-tokens:jti:fluz:abc")).toBe("user-1");
      const pttl = await raw.pttl("widget-tokens:jti:fluz:abc");
      expect(pttl).toBeGreaterThan(55_000);
      expect(pttl).toBeLessThanOrEqual(60_000);

      await store.increment("rl:user:u1", 30_000);
      expect(await raw.get("widget-tokens:rl:user:u1")).toBe("1");
      expect(await raw.pttl("widget-tokens:rl:user:u1")).toBeGreaterThan(25_000);
      // A counter left without expiry (e.g. written by hand) gets one on the next hit.
      await raw.set("widget-tokens:rl:user:u2", "7");
      const r = await store.increment("rl:user:u2", 30_000);
      expect(r).toMatchObject({ count: 8 });
      expect(await raw.pttl("widget-tokens:rl:user:u2")).toBeGreaterThan(25_000);

      const token = await store.acquireLock("lock:x", 5_000);
      expect(await raw.get("widget-tokens:lock:x")).toBe(token);
      // The Lua scripts survive SCRIPT FLUSH (EVALSHA falls back to EVAL).
      await raw.script("FLUSH");
      await store.releaseLock("lock:x", token!);
      expect(await raw.exists("widget-tokens:lock:x")).toBe(0);
      expect((await store.increment("rl:user:u1", 30_000)).count).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("never quits a client it was given; quits the one it made", async () => {
    const client = new Redis(redis.url);
    const given = redisStore({ client }, { prefix: "given:", logger: captureLogger([]) });
    await given.set("k", "v", 10_000);
    await given.close();
    expect(client.status).toBe("ready");
    expect(await client.get("given:k")).toBe("v");
    await unavailable(given.get("k"));
    client.disconnect();

    const own = redisStore({ url: redis.url }, { logger: captureLogger([]) });
    await own.set("own", "v", 10_000);
    await own.close();
    await unavailable(own.get("own"));
    // Closing twice is fine.
    await own.close();
  });

  it("validates its options eagerly, naming the option by its full path", () => {
    const call = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as WidgetTokensOptionError;
      }
      throw new Error("expected a throw");
    };
    expect(call(() => redisStore({ url: "http://localhost:6379" })).option).toBe("redisStore.url");
    expect(call(() => redisStore({ url: "" })).option).toBe("redisStore.url");
    expect(call(() => redisStore({ client: {} as never })).option).toBe("redisStore.client");
    expect(call(() => redisStore(undefined as never))).toBeInstanceOf(WidgetTokensOptionError);
    expect(call(() => redisStore({ url: redis.url }, { commandTimeoutMs: 0 })).option).toBe(
      "redisStore.commandTimeoutMs",
    );
    expect(call(() => redisStore({ url: redis.url }, { prefix: 5 as never })).option).toBe(
      "redisStore.prefix",
    );
    // The message never echoes the URL (it may hold a password).
    const err = call(() => redisStore({ url: "http://user:hunter2@host" }));
    expect(err.message).not.toContain("hunter2");
  });
});

describe("redisStore when Redis fails (fail closed)", () => {
  let store: Store;
  /**
   * The same keys through a store whose deadline no loaded machine reaches:
   * what is written before an outage and read after it is not about the
   * 300 ms deadline, and must not fail on it.
   */
  let patient: Store;
  const log: string[] = [];
  beforeAll(() => {
    store = redisStore({ url: redis.url }, { commandTimeoutMs: 300, logger: captureLogger(log) });
    patient = redisStore(
      { url: redis.url },
      { commandTimeoutMs: 60_000, logger: captureLogger([]) },
    );
  });
  afterAll(async () => {
    await store?.close();
    await patient?.close();
  });

  it("rejects every operation quickly with STORE_UNAVAILABLE while Redis is stopped, then recovers", async () => {
    await patient.set("before", "kept?", 60_000);
    await redis.stop();
    const ops: Array<() => Promise<unknown>> = [
      () => store.get("before"),
      () => store.set("during", "x", 60_000),
      () => store.set("during-nx", "x", 60_000, { onlyIfAbsent: true }),
      () => store.delete("before"),
      () => store.increment("rl:down", 60_000),
      () => store.acquireLock("lock:down", 60_000),
      () => store.releaseLock("lock:down", "t"),
    ];
    for (const op of ops) expect(await unavailable(op())).toMatch(BOUNDED);
    // Many at once: all answered, none hangs.
    const ends = await Promise.all(Array.from({ length: 50 }, () => unavailable(store.get("x"))));
    for (const end of ends) expect(end).toMatch(BOUNDED);

    await redis.start();
    await eventually(() => store.get("anything"));
    // Nothing written during the outage turns up later (no offline queue replay).
    expect(await patient.get("during")).toBeNull();
    expect(await patient.set("during-nx", "after", 60_000, { onlyIfAbsent: true })).toBe(true);
    expect((await patient.increment("rl:down", 60_000)).count).toBe(1);
    expect(await patient.acquireLock("lock:down", 60_000)).not.toBeNull();

    // One line when it goes, naming the first failure seen: the refused
    // connection, or, on a loaded machine, the deadline or the refused write
    // that came first.
    expect(
      log.some((l) => /Redis store unavailable \((ECONNREFUSED|TIMEOUT|Error)\); retrying/.test(l)),
    ).toBe(true);
    expect(log.some((l) => /reconnected/.test(l))).toBe(true);
  });

  it("rejects within the timeout while Redis is frozen (slow), then recovers", async () => {
    redis.pause();
    try {
      const ends = await Promise.all([
        unavailable(store.get("slow")),
        unavailable(store.increment("rl:slow", 60_000)),
        unavailable(store.acquireLock("lock:slow", 60_000)),
      ]);
      // A frozen Redis refuses nothing: each one ended on the store's 300 ms deadline.
      expect(ends).toEqual(Array(3).fill("deadline: no answer within 300 ms"));
    } finally {
      redis.resume();
    }
    await eventually(() => store.get("slow"));
    expect(await patient.set("after-slow", "ok", 10_000)).toBe(true);
    expect(await eventually(() => store.get("after-slow"))).toBe("ok");
  });

  it("starts while Redis is down, answers 503s, and works once Redis comes up", async () => {
    await redis.stop();
    const lines: string[] = [];
    const late = redisStore(
      { url: redis.url },
      { commandTimeoutMs: 300, logger: captureLogger(lines) },
    );
    const withPassword = redisStore(
      { url: `redis://:hunter2-password@127.0.0.1:${redis.port}` },
      { commandTimeoutMs: 300, logger: captureLogger(lines) },
    );
    try {
      expect(await unavailable(late.get("k"))).toMatch(BOUNDED);
      expect(await unavailable(withPassword.get("k"))).toMatch(BOUNDED);
      expect(lines.some((l) => l.includes("ECONNREFUSED"))).toBe(true);
      expect(lines.join("\n")).not.toContain("hunter2");
      await redis.start();
      await eventually(() => late.set("k", "v", 10_000));
      expect(await eventually(() => late.get("k"))).toBe("v");
    } finally {
      await late.close();
      await withPassword.close();
    }
  });
});

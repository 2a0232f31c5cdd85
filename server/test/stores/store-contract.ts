import { randomUUID } from "node:crypto";
import { Cluster, type Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import type { Store } from "../../src/stores/store.js";

/** Makes a store with the given key prefix; stores made by one factory share a backend. */
export type StoreFactory = (prefix: string) => Store | Promise<Store>;

/**
 * Let `ms` pass for the keys under `prefix`, as the backend's clock sees it:
 * no test waits for a time to live to run out.
 */
export type TimePasses = (prefix: string, ms: number) => void | Promise<void>;

/**
 * `TimePasses` for Redis: every key under `prefix` has `ms` taken off its
 * time to live (PEXPIRE; Redis deletes a key whose new one is not positive),
 * which is what Redis's own clock moving on would do to them.
 */
export async function redisTimePasses(
  client: Redis | Cluster,
  prefix: string,
  ms: number,
): Promise<void> {
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  for (const node of nodes) {
    for (const key of await node.keys(`${prefix}*`)) {
      const left = await client.pttl(key);
      if (left > 0) await client.pexpire(key, left - ms);
    }
  }
}

/** A clock for `memoryStore({ now })` that stands still until the test moves it. */
export function stillClock(): { now: () => number; timePasses: TimePasses } {
  let t = Date.now();
  return {
    now: () => t,
    timePasses: (_prefix, ms) => {
      t += ms;
    },
  };
}

/**
 * The behaviour every `Store` must have, whatever its backend. Each test uses
 * fresh keys, so the suite may share one backend with other tests. With
 * `sharedBackend`, stores made by `create` share their data (as instances
 * sharing one Redis do). Expiry is checked with `timePasses`, never by waiting.
 *
 * @example
 * const clock = stillClock();
 * describeStoreContract("memoryStore", (prefix) => memoryStore({ prefix, now: clock.now }), {
 *   sharedBackend: false,
 *   timePasses: clock.timePasses,
 * });
 */
export function describeStoreContract(
  name: string,
  create: StoreFactory,
  { sharedBackend, timePasses }: { sharedBackend: boolean; timePasses: TimePasses },
): void {
  describe(`Store contract: ${name}`, () => {
    const key = () => `k-${randomUUID()}`;
    const prefixes = new WeakMap<Store, string>();
    const prefixOf = (store: Store) => prefixes.get(store)!;
    const withStore = async (
      fn: (store: Store, pass: (ms: number) => Promise<void>) => Promise<void>,
    ) => {
      const prefix = `contract-${randomUUID()}:`;
      const store = await create(prefix);
      prefixes.set(store, prefix);
      try {
        await fn(store, async (ms) => timePasses(prefix, ms));
      } finally {
        await store.close();
      }
    };

    it("get returns null for a missing key and the value for a set key", () =>
      withStore(async (store) => {
        const k = key();
        expect(await store.get(k)).toBeNull();
        expect(await store.set(k, "v1", 10_000)).toBe(true);
        expect(await store.get(k)).toBe("v1");
        expect(await store.set(k, "v2", 10_000)).toBe(true);
        expect(await store.get(k)).toBe("v2");
      }));

    it("keeps any string exactly (JSON, unicode, empty)", () =>
      withStore(async (store) => {
        for (const value of ['{"a":[1,"é"],"b":null}', "ünï©ødé 🚀", "", "line\nbreak\r\n\0nul"]) {
          const k = key();
          await store.set(k, value, 10_000);
          expect(await store.get(k)).toBe(value);
        }
      }));

    it("forgets a value once its time to live has passed", () =>
      withStore(async (store, pass) => {
        const k = key();
        await store.set(k, "short", 1_000);
        await store.set(`${k}-long`, "long", 60_000);
        await pass(500);
        expect(await store.get(k)).toBe("short");
        await pass(500);
        expect(await store.get(k)).toBeNull();
        expect(await store.get(`${k}-long`)).toBe("long");
      }));

    it("onlyIfAbsent writes once, reports it, and works again after expiry", () =>
      withStore(async (store, pass) => {
        const k = key();
        expect(await store.set(k, "first", 1_000, { onlyIfAbsent: true })).toBe(true);
        expect(await store.set(k, "second", 10_000, { onlyIfAbsent: true })).toBe(false);
        expect(await store.get(k)).toBe("first");
        await pass(1_000);
        expect(await store.set(k, "third", 10_000, { onlyIfAbsent: true })).toBe(true);
        expect(await store.get(k)).toBe("third");
      }));

    it("onlyIfAbsent lets exactly one of many concurrent writers win", () =>
      withStore(async (store) => {
        const k = key();
        const results = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            store.set(k, `w${i}`, 10_000, { onlyIfAbsent: true }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.get(k)).toBe(`w${winner}`);
      }));

    it("delete removes a key; deleting a missing key is fine", () =>
      withStore(async (store) => {
        const k = key();
        await store.set(k, "v", 10_000);
        await store.delete(k);
        expect(await store.get(k)).toBeNull();
        await expect(store.delete(key())).resolves.toBeUndefined();
        expect(await store.set(k, "again", 10_000, { onlyIfAbsent: true })).toBe(true);
      }));

    it("replace swaps a value only while it is the expected one, keeping its time to live", () =>
      withStore(async (store, pass) => {
        const k = key();
        expect(await store.replace(k, "a", "b")).toBe(false);
        expect(await store.get(k)).toBeNull();
        await store.set(k, '{"state":"open"}', 1_000);
        expect(await store.replace(k, '{"state":"other"}', "x")).toBe(false);
        expect(await store.replace(k, '{"state":"open"}', '{"state":"settled"}')).toBe(true);
        expect(await store.get(k)).toBe('{"state":"settled"}');
        expect(await store.replace(k, '{"state":"open"}', "again")).toBe(false);
        // The time to live is the one set first: replacing neither drops nor extends it.
        await pass(500);
        expect(await store.get(k)).toBe('{"state":"settled"}');
        await pass(500);
        expect(await store.get(k)).toBeNull();
        expect(await store.replace(k, '{"state":"settled"}', "late")).toBe(false);
        expect(await store.get(k)).toBeNull();
      }));

    it("exactly one of many concurrent replacers of the same value wins", () =>
      withStore(async (store) => {
        const k = key();
        await store.set(k, "open", 10_000);
        const others = sharedBackend
          ? await Promise.all([1, 2].map(() => create(prefixOf(store))))
          : [];
        try {
          const stores = [store, ...others];
          const results = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              stores[i % stores.length]!.replace(k, "open", `settled-${i}`),
            ),
          );
          expect(results.filter(Boolean)).toHaveLength(1);
          expect(await store.get(k)).toBe(`settled-${results.indexOf(true)}`);
        } finally {
          await Promise.all(others.map((o) => o.close()));
        }
      }));

    it("increment counts within a fixed window and reports the time left", () =>
      withStore(async (store, pass) => {
        const k = key();
        const first = await store.increment(k, 10_000);
        expect(first.count).toBe(1);
        expect(first.resetMs).toBeGreaterThan(9_000);
        expect(first.resetMs).toBeLessThanOrEqual(10_000);
        await pass(50);
        const second = await store.increment(k, 10_000);
        expect(second.count).toBe(2);
        // The window is fixed from the first increment: it does not slide.
        expect(second.resetMs).toBeLessThanOrEqual(first.resetMs - 40);
        expect((await store.increment(k, 10_000)).count).toBe(3);
        expect((await store.increment(key(), 10_000)).count).toBe(1);
      }));

    it("increment starts a new window once the old one has passed", () =>
      withStore(async (store, pass) => {
        const k = key();
        await store.increment(k, 1_000);
        await store.increment(k, 1_000);
        expect((await store.increment(k, 1_000)).count).toBe(3);
        await pass(1_000);
        const fresh = await store.increment(k, 1_000);
        expect(fresh.count).toBe(1);
        expect(fresh.resetMs).toBeGreaterThan(500);
      }));

    it("increment is atomic under concurrency", () =>
      withStore(async (store) => {
        const k = key();
        const results = await Promise.all(
          Array.from({ length: 50 }, () => store.increment(k, 10_000)),
        );
        expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      }));

    it("a lock is exclusive until its holder releases it", () =>
      withStore(async (store) => {
        const k = key();
        const token = await store.acquireLock(k, 10_000);
        expect(typeof token).toBe("string");
        expect(token!.length).toBeGreaterThanOrEqual(16);
        expect(await store.acquireLock(k, 10_000)).toBeNull();
        await store.releaseLock(k, token!);
        const next = await store.acquireLock(k, 10_000);
        expect(next).not.toBeNull();
        expect(next).not.toBe(token);
      }));

    it("only the holder's token releases a lock", () =>
      withStore(async (store) => {
        const k = key();
        const token = await store.acquireLock(k, 10_000);
        await store.releaseLock(k, "not-the-token");
        await store.releaseLock(k, `${token}x`);
        expect(await store.acquireLock(k, 10_000)).toBeNull();
      }));

    it("a lock expires by itself, and the old holder cannot release the new one", () =>
      withStore(async (store, pass) => {
        const k = key();
        const dead = await store.acquireLock(k, 1_000);
        expect(dead).not.toBeNull();
        await pass(500);
        expect(await store.acquireLock(k, 10_000)).toBeNull();
        await pass(500);
        const alive = await store.acquireLock(k, 10_000);
        expect(alive).not.toBeNull();
        await store.releaseLock(k, dead!);
        expect(await store.acquireLock(k, 10_000)).toBeNull();
        await store.releaseLock(k, alive!);
        expect(await store.acquireLock(k, 10_000)).not.toBeNull();
      }));

    it("exactly one of many concurrent lockers gets the lock", () =>
      withStore(async (store) => {
        const k = key();
        const tokens = await Promise.all(
          Array.from({ length: 25 }, () => store.acquireLock(k, 10_000)),
        );
        expect(tokens.filter((t) => t !== null)).toHaveLength(1);
      }));

    it("stores with different prefixes do not see each other's keys", async () => {
      const base = randomUUID();
      const a = await create(`a-${base}:`);
      const b = await create(`b-${base}:`);
      const sameA = await create(`a-${base}:`);
      try {
        await a.set("shared-name", "from a", 10_000);
        await b.set("shared-name", "from b", 10_000);
        expect(await a.get("shared-name")).toBe("from a");
        expect(await b.get("shared-name")).toBe("from b");
        expect((await a.increment("counter", 10_000)).count).toBe(1);
        expect((await b.increment("counter", 10_000)).count).toBe(1);
        expect(await a.acquireLock("lock", 10_000)).not.toBeNull();
        expect(await b.acquireLock("lock", 10_000)).not.toBeNull();
        await b.delete("shared-name");
        expect(await a.get("shared-name")).toBe("from a");
        if (sharedBackend) {
          // Another store (another instance) with the same prefix sees a's data.
          expect(await sameA.get("shared-name")).toBe("from a");
          expect((await sameA.increment("counter", 10_000)).count).toBe(2);
          expect(await sameA.acquireLock("lock", 10_000)).toBeNull();
        }
      } finally {
        await Promise.all([a.close(), b.close(), sameA.close()]);
      }
    });
  });
}

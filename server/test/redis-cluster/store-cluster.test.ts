import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../../src/stores/redis.js";
import { captureLogger } from "../helpers/http.js";
import { type TestRedisCluster, startRedisCluster } from "../helpers/redis-cluster.js";
import { describeStoreContract, redisTimePasses } from "../stores/store-contract.js";

/**
 * The store on a real 3-master Redis Cluster (with 3 replicas), through an
 * ioredis `Cluster` the merchant creates: `redisStore({ client: cluster })`.
 */

let cluster: TestRedisCluster;
let client: Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
  client = cluster.client();
  if (client.status !== "ready") await new Promise((r) => client.once("ready", r));
});
afterAll(async () => {
  client?.disconnect();
  await cluster?.close();
});

describeStoreContract(
  "redisStore on a Redis Cluster",
  (prefix) => redisStore({ client }, { prefix, logger: captureLogger([]) }),
  { sharedBackend: true, timePasses: (prefix, ms) => redisTimePasses(client, prefix, ms) },
);

describe("every operation touches one key (docs/scaling.md, Redis Cluster)", () => {
  const source = readFileSync(new URL("../../src/stores/redis.ts", import.meta.url), "utf8");

  it("each Lua script reads and writes KEYS[1] only, and is sent with exactly one key", () => {
    const scripts = [...source.matchAll(/const (\w+) = `([^`]*)`/g)].filter(([, , body]) =>
      body!.includes("redis.call"),
    );
    expect(scripts.map(([, name]) => name)).toEqual(
      expect.arrayContaining(["INCREMENT", "RELEASE"]),
    );
    for (const [, , body] of scripts) {
      const calls = [...body!.matchAll(/redis\.p?call\(\s*['"](\w+)['"]\s*,\s*([^,)]+)/g)];
      expect(calls.length).toBeGreaterThan(0);
      // Every call was understood (none with its key built another way).
      expect(calls).toHaveLength(body!.match(/redis\.p?call\(/g)!.length);
      for (const [, , key] of calls) expect(key!.trim()).toBe("KEYS[1]");
      expect(body).not.toMatch(/KEYS\[[2-9]/);
    }
    // Every eval/evalsha passes numkeys 1 and one key.
    const sends = [...source.matchAll(/\.(eval|evalsha)\(([^)]*)\)/g)];
    expect(sends.length).toBeGreaterThanOrEqual(3);
    for (const [, , args] of sends) expect(args!.split(",")[1]!.trim()).toBe("1");
    // No multi-key command, transaction or pipeline anywhere in the store.
    expect(source).not.toMatch(/\.(mget|mset|msetnx|multi|pipeline|rename|watch)\(/);
  });

  it("keys spread over the masters, and each operation works on every master", async () => {
    const store = redisStore({ client }, { prefix: `spread-${randomUUID()}:` });
    try {
      const seen = new Set<number>();
      for (let i = 0; i < 24; i++) {
        const k = `key-${i}`;
        expect(await store.set(k, "v", 10_000)).toBe(true);
        expect(await store.set(k, "w", 10_000, { onlyIfAbsent: true })).toBe(false);
        expect(await store.get(k)).toBe("v");
        expect((await store.increment(`${k}:n`, 10_000)).count).toBe(1);
        const token = await store.acquireLock(`${k}:lock`, 10_000);
        expect(token).not.toBeNull();
        await store.releaseLock(`${k}:lock`, token!);
        expect(await store.acquireLock(`${k}:lock`, 10_000)).not.toBeNull();
        await store.delete(k);
        expect(await store.get(k)).toBeNull();
      }
      for (const k of await cluster.keys("spread-*")) seen.add(await cluster.masterPortOf(k));
      // Without a hash tag in the prefix, the keys are not pinned to one slot.
      expect(seen.size).toBe(3);
    } finally {
      await store.close();
    }
  });
});

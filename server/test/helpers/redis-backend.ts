import { once } from "node:events";
import { Redis } from "ioredis";
import { type RedisStoreOptions, redisStore } from "../../src/stores/redis.js";
import type { Store } from "../../src/stores/store.js";
import { type TestRedisCluster, startRedisCluster } from "./redis-cluster.js";
import { type TestRedis, startRedisServer } from "./redis-server.js";

/**
 * What the multi-instance tests (redis-scale, redis-merchant-api) run on:
 * one `redis-server`, or a 3-master Redis Cluster. Each instance gets its own
 * store with its own connection, as separate processes would.
 */
export type RedisBackendKind = "single Redis" | "Redis Cluster";

export interface RedisBackend {
  kind: RedisBackendKind;
  /** A store with its own client (a Cluster client on the Cluster); close() closes both. */
  store(options: RedisStoreOptions): Store;
  /** A direct look at the data, for assertions. */
  get(key: string): Promise<string | null>;
  pttl(key: string): Promise<number>;
  del(key: string): Promise<void>;
  /** Keys matching `pattern`, on every master. */
  keys(pattern: string): Promise<string[]>;
  /** The single server (outage tests); undefined on the Cluster. */
  single?: TestRedis;
  /** The Cluster (failover tests); undefined on a single server. */
  cluster?: TestRedisCluster;
  close(): Promise<void>;
}

/**
 * Start the backend. The single server keeps an fsync'd append-only file, so
 * a crash loses nothing already acknowledged.
 */
export async function startRedisBackend(kind: RedisBackendKind): Promise<RedisBackend> {
  if (kind === "single Redis") {
    const redis = await startRedisServer({ persistent: true });
    const raw = new Redis(redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    raw.on("error", () => {});
    await raw.connect();
    /** Run `op` once the connection is up (it may be reconnecting after an outage). */
    const whenReady = async <T>(op: () => Promise<T>): Promise<T> => {
      if (raw.status !== "ready") await once(raw, "ready");
      return op();
    };
    return {
      kind,
      single: redis,
      store: (options) => redisStore({ url: redis.url }, options),
      get: (key) => whenReady(() => raw.get(key)),
      pttl: (key) => whenReady(() => raw.pttl(key)),
      del: (key) => whenReady(async () => void (await raw.del(key))),
      keys: (pattern) => whenReady(() => raw.keys(pattern)),
      async close() {
        raw.disconnect();
        await redis.close();
      },
    };
  }
  const cluster = await startRedisCluster();
  const raw = cluster.client();
  if (raw.status !== "ready") await once(raw, "ready");
  return {
    kind,
    cluster,
    store(options) {
      const client = cluster.client();
      const store = redisStore({ client }, options);
      return {
        ...store,
        async close() {
          await store.close();
          client.disconnect();
        },
      };
    },
    get: (key) => raw.get(key),
    pttl: (key) => raw.pttl(key),
    del: async (key) => {
      await raw.del(key);
    },
    keys: (pattern) => cluster.keys(pattern),
    async close() {
      raw.disconnect();
      await cluster.close();
    },
  };
}

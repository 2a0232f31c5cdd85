import { createHash, randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { WidgetTokensError, WidgetTokensOptionError, storeUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";
import { isRecord } from "../validation/check.js";
import { readOptions } from "../validation/read-options.js";
import { loadIoredis } from "./load-ioredis.js";
import type { Store } from "./store.js";

/** Where the Redis store connects: a URL (it makes and owns the client) or your client. */
export type RedisConnection =
  | {
      /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
      url: string;
    }
  | {
      /**
       * An ioredis client (or Cluster) you created and own: the store never
       * quits it. Give it `enableOfflineQueue: false` so commands are not
       * replayed long after their request failed.
       */
      client: RedisClientLike;
    };

type Method = (...args: never[]) => unknown;

/**
 * An ioredis `Redis` or `Cluster`, as far as the types go: declared here so the
 * declaration files do not need ioredis (an optional peer) installed. The store
 * checks the value at start-up.
 */
export interface RedisClientLike {
  readonly status: string;
  connect: Method;
  disconnect: Method;
  quit: Method;
  on: Method;
  off: Method;
  get: Method;
  set: Method;
  del: Method;
  eval: Method;
  evalsha: Method;
}

export interface RedisStoreOptions {
  /** Prefix of every key, so several apps can share one Redis. Default `"widget-tokens:"`. */
  prefix?: string | undefined;
  /**
   * Longest wait for one operation, including waiting for a (re)connection,
   * before it fails with `STORE_UNAVAILABLE` (503). Default 1000 ms.
   */
  commandTimeoutMs?: number | undefined;
  /** Connection and reconnection notices (never the URL). Default `console`. */
  logger?: Logger | undefined;
}

const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** Compare-and-set, keeping the key's time to live. */
const REPLACE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * The store for several instances: everything that must be common (issued
 * `jti`, idempotency records, rate-limit counters, provider sessions,
 * renewal locks) lives in one Redis, under a key prefix.
 *
 * It fails closed: when Redis is down or slow, every operation rejects
 * within `commandTimeoutMs` with `WidgetTokensError("STORE_UNAVAILABLE")`,
 * which the routes answer as 503. The client reconnects by itself; requests
 * succeed again once Redis is back, with no restart.
 *
 * @example
 * import { redisStore, widgetTokens } from "@widget-tokens/server";
 *
 * const store = redisStore({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }, { prefix: "shop:wt:" });
 * app.use("/widget-tokens", widgetTokens({ ...options, store }));
 * // on shutdown: await store.close();
 */
export function redisStore(connection: RedisConnection, options: RedisStoreOptions = {}): Store {
  if (!isRecord(connection)) {
    throw new WidgetTokensOptionError("redisStore", "needs { url } or { client }");
  }
  const c = readOptions<RedisConnection>(connection, "redisStore", { url: true, client: true });
  const o = readOptions<RedisStoreOptions>(options, "redisStore", {
    prefix: true,
    commandTimeoutMs: true,
    logger: true,
  });
  const prefix = o.value("prefix") ?? "widget-tokens:";
  if (typeof prefix !== "string") throw o.fail("prefix", "must be a string");
  const timeoutMs = o.number("commandTimeoutMs", 1000, { min: 1, max: 60_000, integer: true });
  const logger = (o.value("logger") ?? console) as Logger;
  if (typeof logger.warn !== "function" || typeof logger.info !== "function") {
    throw o.fail("logger", "must have info() and warn()");
  }

  let client: Redis | Cluster;
  let ownClient: boolean;
  const given = c.value("client");
  if (given !== undefined) {
    if (!looksLikeIoredis(given)) {
      throw c.fail("client", "must be an ioredis Redis or Cluster instance");
    }
    client = given as unknown as Redis | Cluster;
    ownClient = false;
  } else {
    const url = c.string("url");
    if (!/^rediss?:\/\//i.test(url)) {
      throw c.fail("url", "must be a redis:// or rediss:// URL");
    }
    const { Redis } = loadIoredis("redisStore");
    client = new Redis(url, {
      // Fail fast instead of queueing: a queued command would run long after
      // its request got a 503 (a stale idempotency record, a late INCR).
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(2000, timeoutMs),
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    ownClient = true;
  }

  // Connection state, logged on change only (never the URL: it may hold a password).
  // A Cluster or Sentinel client may never emit "error" or "ready" on its own when one node
  // goes (its status stays "ready"): failed and successful operations say it too.
  let healthy = true;
  const waiters = new Set<() => void>();
  const onError = (err: unknown, node?: unknown) => {
    if (!healthy || closed) return;
    healthy = false;
    const where = typeof node === "string" ? ` at node ${node.replace(/^.*@/, "")}` : "";
    logger.warn(`widget-tokens: Redis store unavailable${where} (${describe(err)}); retrying`);
  };
  const recovered = () => {
    if (healthy) return;
    healthy = true;
    logger.info("widget-tokens: Redis store reconnected");
  };
  const onReady = () => {
    recovered();
    for (const wake of waiters) wake();
    waiters.clear();
  };
  client.on("error", onError);
  client.on("node error", onError);
  client.on("ready", onReady);
  let closed = false;

  /** Run one operation within the deadline; every failure becomes STORE_UNAVAILABLE. */
  function run<T>(operation: (c: Redis | Cluster) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(unavailable(new Error("store closed")));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let wake: (() => void) | undefined;
      const finish = (err: unknown, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (wake) waiters.delete(wake);
        if (err === undefined) {
          recovered();
          resolve(value as T);
        } else {
          onError(err instanceof WidgetTokensError ? err.cause : err);
          reject(err instanceof WidgetTokensError ? err : unavailable(err));
        }
      };
      const timer = setTimeout(
        () =>
          finish(
            unavailable(
              Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "TIMEOUT" }),
            ),
          ),
        timeoutMs,
      );
      const send = () => {
        if (settled) return;
        operation(client).then(
          (value) => finish(undefined, value),
          (err: unknown) => finish(err ?? new Error("Redis failed")),
        );
      };
      if (client.status === "ready") send();
      else if (client.status === "end") {
        // Closed for good (quit, or a merchant's client without retries).
        finish(unavailable(new Error("client closed")));
      } else {
        // Connecting or reconnecting: wait for it, within the same deadline.
        wake = send;
        waiters.add(wake);
        if (client.status === "wait") client.connect().catch(() => {});
      }
    });
  }

  const shas = new Map<string, string>();
  async function script(c: Redis | Cluster, body: string, key: string, args: (string | number)[]) {
    let sha = shas.get(body);
    if (sha === undefined) {
      sha = createHash("sha1").update(body).digest("hex");
      shas.set(body, sha);
    }
    try {
      return await c.evalsha(sha, 1, key, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith("NOSCRIPT")) {
        return c.eval(body, 1, key, ...args);
      }
      throw err;
    }
  }

  const px = (ms: number) => Math.max(1, Math.ceil(ms));

  return {
    timeoutMs,
    get(key) {
      return run((c) => c.get(prefix + key));
    },
    set(key, value, ttlMs, opts) {
      return run(async (c) => {
        const reply = opts?.onlyIfAbsent
          ? await c.set(prefix + key, value, "PX", px(ttlMs), "NX")
          : await c.set(prefix + key, value, "PX", px(ttlMs));
        return reply === "OK";
      });
    },
    delete(key) {
      return run(async (c) => {
        await c.del(prefix + key);
      });
    },
    replace(key, expected, next) {
      return run(async (c) => (await script(c, REPLACE, prefix + key, [expected, next])) === 1);
    },
    increment(key, windowMs) {
      return run(async (c) => {
        const reply = (await script(c, INCREMENT, prefix + key, [px(windowMs)])) as unknown;
        if (!Array.isArray(reply) || reply.length !== 2) {
          throw new Error("unexpected reply to the increment script");
        }
        return { count: Number(reply[0]), resetMs: Number(reply[1]) };
      });
    },
    acquireLock(key, ttlMs) {
      const token = randomUUID();
      return run(async (c) => {
        const reply = await c.set(prefix + key, token, "PX", px(ttlMs), "NX");
        return reply === "OK" ? token : null;
      });
    },
    releaseLock(key, token) {
      // EVAL, not EVALSHA: a release sent while Redis is frozen runs after it
      // thaws, when nobody is left to retry it after a NOSCRIPT (an in-progress
      // idempotency marker freed late must still be freed). Releases are rare.
      return run(async (c) => {
        await c.eval(RELEASE, 1, prefix + key, token);
      });
    },
    async health() {
      if (closed) return false;
      try {
        return await answersWhole(client);
      } catch {
        return false;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      waiters.clear();
      if (!ownClient) {
        client.off("error", onError);
        client.off("node error", onError);
        client.off("ready", onReady);
        return;
      }
      // Our client: quit politely, or drop the socket when Redis is away.
      if (client.status === "ready") {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          client.quit().catch(() => {}),
          new Promise((r) => {
            timer = setTimeout(r, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      client.disconnect();
    },
  };
}

/**
 * Whether the whole backend answers: a single Redis its PING; a Cluster
 * `cluster_state:ok` and every master serving slots (a dead one stays listed
 * until its failover) answering PING on the client's own connection to it.
 * Rejects when a command fails.
 */
async function answersWhole(client: Redis | Cluster): Promise<boolean> {
  if (!client.isCluster) return (await client.ping()) === "PONG";
  // Every master, not one slot: a master down fails the keys of its slots only.
  const cluster = client as Cluster;
  const info = String(await cluster.cluster("INFO"));
  if (!/^cluster_state:ok\r?$/m.test(info)) return false;
  // The masters serving slots, as the cluster sees them (a dead one stays listed until its
  // failover), each answering on the client's own connection to it.
  const slots = (await cluster.cluster("SLOTS")) as unknown as Array<
    [number, number, [string, number]]
  >;
  const pool = new Map(
    cluster.nodes("master").map((node) => [`${node.options.host}:${node.options.port}`, node]),
  );
  const masters = new Set(slots.map(([, , [host, port]]) => `${host}:${port}`));
  const nodes = [...masters].map((address) => pool.get(address));
  if (nodes.length === 0) return false;
  if (nodes.some((node) => node === undefined)) {
    // The client's own map is behind the cluster's (a replica just promoted): have it
    // re-read the slots now rather than at its next periodic refresh; the next check sees them.
    cluster.refreshSlotsCache();
    return false;
  }
  const pongs = await Promise.all(nodes.map((node) => node!.ping()));
  return pongs.every((pong) => pong === "PONG");
}

/** What the client sees (503) says nothing about the backend; the cause stays in `cause`. */
const unavailable = storeUnavailable;

function looksLikeIoredis(value: unknown): value is RedisClientLike {
  if (!isRecord(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.status === "string" &&
    typeof v.evalsha === "function" &&
    typeof v.eval === "function" &&
    typeof v.set === "function" &&
    typeof v.on === "function"
  );
}

/** An error's code or name, never its message (it could quote a host or a command). */
function describe(err: unknown): string {
  if (isRecord(err) && typeof err.code === "string") return err.code;
  return err instanceof Error ? err.name : "error";
}

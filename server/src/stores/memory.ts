import { randomUUID } from "node:crypto";
import { storeUnavailable } from "../errors.js";
import { type Logger, isLogger } from "../logger.js";
import { readOptions } from "../validation/read-options.js";
import type { Store } from "./store.js";

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Key prefix, as for the Redis store. */
  prefix?: string | undefined;
  /** How often expired entries are swept (ms). Default 60 s. */
  sweepIntervalMs?: number | undefined;
  /**
   * The most entries it keeps (issued `jti`s, idempotency records, counters,
   * locks). Default 1 000 000 (about 1 GB at the sizes docs/scaling.md
   * measures). At the cap, expired entries are swept first; if it is still
   * full, a new entry is refused (`STORE_UNAVAILABLE`: the request gets 503
   * with `Retry-After`) and one line is logged. Nothing live is ever evicted:
   * an idempotency record is never forgotten inside its window.
   */
  maxEntries?: number | undefined;
  /** Where the "full" and "has room again" lines go. Default `console`. */
  logger?: Logger | undefined;
  /** Clock, for tests. */
  now?: (() => number) | undefined;
}

/** A memory store: a `Store`, and how many entries it holds against its cap (for metrics). */
export interface MemoryStore extends Store {
  readonly size: number;
  readonly maxEntries: number;
}

/**
 * The default store: a Map in this process. Right for one process; use
 * `redisStore()` when several instances serve the same shop.
 *
 * @example
 * app.use("/widget-tokens", widgetTokens({ ...options, store: memoryStore() }));
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const o = readOptions<MemoryStoreOptions>(options, "memoryStore", {
    prefix: true,
    sweepIntervalMs: true,
    maxEntries: true,
    logger: true,
    now: true,
  });
  const maxEntries = o.number("maxEntries", 1_000_000, { min: 1, integer: true });
  const logger = o.value("logger") ?? console;
  if (!isLogger(logger)) throw o.fail("logger", "must have info, warn and error methods");
  const prefix = o.value("prefix") ?? "";
  if (typeof prefix !== "string") throw o.fail("prefix", "must be a string");
  const sweepIntervalMs = o.number("sweepIntervalMs", 60_000, { min: 1, integer: true });
  const now = o.optionalFunction("now") ?? Date.now;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(prefix + key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(prefix + key);
      return undefined;
    }
    return entry;
  };

  const sweepExpired = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };
  const sweep = setInterval(sweepExpired, sweepIntervalMs);
  sweep.unref();

  let full = false;
  /** Before a new key is written: room, or a 503 (never an eviction). */
  const makeRoom = (key: string) => {
    if (entries.size < maxEntries || entries.has(prefix + key)) {
      if (full && entries.size < maxEntries) {
        full = false;
        logger.info(
          `widget-tokens: memory store has room again (${entries.size} of ${maxEntries} entries)`,
        );
      }
      return;
    }
    sweepExpired();
    if (entries.size < maxEntries) return;
    if (!full) {
      full = true;
      logger.warn(
        `widget-tokens: memory store full (maxEntries ${maxEntries}); new tokens are refused with 503 until entries expire: raise maxEntries or use redisStore()`,
      );
    }
    throw storeUnavailable();
  };

  return {
    get size() {
      return entries.size;
    },
    maxEntries,
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs, opts) {
      if (opts?.onlyIfAbsent && live(key) !== undefined) return false;
      makeRoom(key);
      entries.set(prefix + key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    async delete(key) {
      entries.delete(prefix + key);
    },
    async replace(key, expected, next) {
      const entry = live(key);
      if (entry === undefined || entry.value !== expected) return false;
      entry.value = next;
      return true;
    },
    async increment(key, windowMs) {
      const entry = live(key);
      if (entry === undefined) {
        makeRoom(key);
        entries.set(prefix + key, { value: "1", expiresAt: now() + windowMs });
        return { count: 1, resetMs: windowMs };
      }
      const count = Number(entry.value) + 1;
      entry.value = String(count);
      return { count, resetMs: entry.expiresAt - now() };
    },
    async acquireLock(key, ttlMs) {
      if (live(key) !== undefined) return null;
      makeRoom(key);
      const token = randomUUID();
      entries.set(prefix + key, { value: token, expiresAt: now() + ttlMs });
      return token;
    },
    async releaseLock(key, token) {
      if (live(key)?.value === token) entries.delete(prefix + key);
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}

/**
 * Whether a store is a memory store (it reports its size for metrics).
 *
 * @example
 * if (isMemoryStore(store)) metrics.watchMemoryStore(store);
 */
export function isMemoryStore(store: object): store is MemoryStore {
  const s = store as Partial<MemoryStore>;
  return typeof s.size === "number" && typeof s.maxEntries === "number";
}

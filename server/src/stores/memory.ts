import { randomUUID } from "node:crypto";
import { storeUnavailable } from "../errors.js";
import { type Logger, isLogger } from "../logger.js";
import { readOptions } from "../validation/read-options.js";
import { entryTable, expiryOf, storedValue } from "./entry-table.js";
import type { Store } from "./store.js";

export interface MemoryStoreOptions {
  /**
   * Key prefix, as for the Redis store. Accepted for symmetry; a memory
   * store shares its entries with no one, so it is not stored with them.
   */
  prefix?: string | undefined;
  /** How often expired entries are swept (ms). Default 60 s. */
  sweepIntervalMs?: number | undefined;
  /**
   * The most entries it keeps (issued `jti`s, idempotency records, counters,
   * locks). Default 1 000 000 (about 0.14 GB at the sizes docs/scaling.md
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
  // Entries as compact as the heap allows (entry-table.ts; docs/scaling.md has the bytes).
  const entries = entryTable();

  /** The entry under `key`, or undefined when absent or expired. */
  const live = (key: string): string | undefined => {
    const entry = entries.find(key);
    if (entry === undefined) return undefined;
    if (expiryOf(entry) <= now()) {
      entries.remove(key);
      return undefined;
    }
    return entry;
  };

  const sweepExpired = () => entries.sweep(now());
  const sweep = setInterval(sweepExpired, sweepIntervalMs);
  sweep.unref();

  let full = false;
  /** Before a new key is written: room, or a 503 (never an eviction). */
  const makeRoom = (key: string) => {
    if (entries.size < maxEntries || entries.find(key) !== undefined) {
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
      const entry = live(key);
      return entry === undefined ? null : storedValue(entry);
    },
    async set(key, value, ttlMs, opts) {
      if (opts?.onlyIfAbsent && live(key) !== undefined) return false;
      makeRoom(key);
      entries.put(key, value, now() + ttlMs);
      return true;
    },
    async delete(key) {
      entries.remove(key);
    },
    async replace(key, expected, next) {
      const entry = live(key);
      if (entry === undefined || storedValue(entry) !== expected) return false;
      entries.put(key, next, expiryOf(entry));
      return true;
    },
    async increment(key, windowMs) {
      const entry = live(key);
      if (entry === undefined) {
        makeRoom(key);
        entries.put(key, "1", now() + windowMs);
        return { count: 1, resetMs: windowMs };
      }
      const count = Number(storedValue(entry)) + 1;
      const expiresAt = expiryOf(entry);
      entries.put(key, String(count), expiresAt);
      return { count, resetMs: expiresAt - now() };
    },
    async acquireLock(key, ttlMs) {
      if (live(key) !== undefined) return null;
      makeRoom(key);
      const token = randomUUID();
      entries.put(key, token, now() + ttlMs);
      return token;
    },
    async releaseLock(key, token) {
      const entry = live(key);
      if (entry !== undefined && storedValue(entry) === token) entries.remove(key);
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

import { randomUUID } from "node:crypto";
import { storeUnavailable } from "../errors.js";
import { type Logger, isLogger } from "../logger.js";
import { readOptions } from "../validation/read-options.js";
import type { Store } from "./store.js";

/**
 * One entry is one string: its expiry (ms since the epoch, base 36, fixed
 * width) followed by its value. No object and no boxed number per entry: a
 * Map slot, the key and this string are all an issued token costs here
 * (docs/scaling.md has the bytes).
 */
const EXPIRY_WIDTH = 9;
const pack = (expiresAt: number, value: string): string =>
  flat(Math.max(0, Math.ceil(expiresAt)).toString(36).padStart(EXPIRY_WIDTH, "0") + value);
const expiryOf = (packed: string): number => Number.parseInt(packed.slice(0, EXPIRY_WIDTH), 36);
const storedValue = (packed: string): string => packed.slice(EXPIRY_WIDTH);

/**
 * A concatenated string (and what JSON.stringify returns) is a tree of
 * parts, and a slice of a longer one keeps the whole; kept as is, every part
 * stays on the heap. Reading it as a number makes V8 flatten it into one
 * sequential string, and the next GC drops the tree (the trick of the
 * `flatstr` package, one line not worth a dependency). The result goes to a
 * module variable so no compiler drops the read as dead code.
 */
let _flattened = 0;
function flat(text: string): string {
  _flattened = Number(text);
  return text;
}

export interface MemoryStoreOptions {
  /** Key prefix, as for the Redis store. */
  prefix?: string | undefined;
  /** How often expired entries are swept (ms). Default 60 s. */
  sweepIntervalMs?: number | undefined;
  /**
   * The most entries it keeps (issued `jti`s, idempotency records, counters,
   * locks). Default 1 000 000 (about 0.2 GB at the sizes docs/scaling.md
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
  const entries = new Map<string, string>();

  /** The packed entry under `key`, or undefined when absent or expired. */
  const live = (key: string): string | undefined => {
    const entry = entries.get(prefix + key);
    if (entry === undefined) return undefined;
    if (expiryOf(entry) <= now()) {
      entries.delete(prefix + key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, value: string, expiresAt: number) => {
    entries.set(flat(prefix + key), pack(expiresAt, value));
  };

  const sweepExpired = () => {
    const t = now();
    for (const [key, entry] of entries) if (expiryOf(entry) <= t) entries.delete(key);
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
      const entry = live(key);
      return entry === undefined ? null : storedValue(entry);
    },
    async set(key, value, ttlMs, opts) {
      if (opts?.onlyIfAbsent && live(key) !== undefined) return false;
      makeRoom(key);
      put(key, value, now() + ttlMs);
      return true;
    },
    async delete(key) {
      entries.delete(prefix + key);
    },
    async replace(key, expected, next) {
      const entry = live(key);
      if (entry === undefined || storedValue(entry) !== expected) return false;
      put(key, next, expiryOf(entry));
      return true;
    },
    async increment(key, windowMs) {
      const entry = live(key);
      if (entry === undefined) {
        makeRoom(key);
        put(key, "1", now() + windowMs);
        return { count: 1, resetMs: windowMs };
      }
      const count = Number(storedValue(entry)) + 1;
      const expiresAt = expiryOf(entry);
      put(key, String(count), expiresAt);
      return { count, resetMs: expiresAt - now() };
    },
    async acquireLock(key, ttlMs) {
      if (live(key) !== undefined) return null;
      makeRoom(key);
      const token = randomUUID();
      put(key, token, now() + ttlMs);
      return token;
    },
    async releaseLock(key, token) {
      const entry = live(key);
      if (entry !== undefined && storedValue(entry) === token) entries.delete(prefix + key);
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

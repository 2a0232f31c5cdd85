import { randomUUID } from "node:crypto";
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
  /** Clock, for tests. */
  now?: (() => number) | undefined;
}

/**
 * The default store: a Map in this process. Right for one process; use
 * `redisStore()` when several instances serve the same shop.
 *
 * @example
 * app.use("/widget-tokens", widgetTokens({ ...options, store: memoryStore() }));
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const o = readOptions<MemoryStoreOptions>(options, "memoryStore", {
    prefix: true,
    sweepIntervalMs: true,
    now: true,
  });
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

  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  }, sweepIntervalMs);
  sweep.unref();

  return {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs, opts) {
      if (opts?.onlyIfAbsent && live(key) !== undefined) return false;
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
        entries.set(prefix + key, { value: "1", expiresAt: now() + windowMs });
        return { count: 1, resetMs: windowMs };
      }
      const count = Number(entry.value) + 1;
      entry.value = String(count);
      return { count, resetMs: entry.expiresAt - now() };
    },
    async acquireLock(key, ttlMs) {
      if (live(key) !== undefined) return null;
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

/**
 * Everything that must be shared between instances lives behind this
 * interface: issued `jti`s, idempotency records, rate-limit counters, cached
 * provider sessions and renewal locks. Values are strings; every key has a
 * time to live so nothing grows without bound.
 *
 * Implementations throw `WidgetTokensError("STORE_UNAVAILABLE")` when their
 * backend cannot answer in time; the HTTP layer turns that into a 503.
 */
export interface Store {
  /**
   * The longest one operation waits before it rejects (the Redis store's
   * `commandTimeoutMs`); absent for a store that answers at once (memory).
   * widget-tokens sizes the in-progress `Idempotency-Key` marker with it.
   */
  readonly timeoutMs?: number;
  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /**
   * Store a value for `ttlMs`. With `{ onlyIfAbsent: true }` nothing is
   * written when the key exists; the result says whether it was written.
   */
  set(
    key: string,
    value: string,
    ttlMs: number,
    opts?: { onlyIfAbsent?: boolean },
  ): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Atomically replace the value of `key` with `next`, only if it is exactly
   * `expected` now, keeping its time to live (a compare-and-set: one Lua
   * script on Redis, one synchronous step in memory). Returns whether it was
   * replaced; false when the key is absent, expired or holds another value.
   * The ledger settles with it, exactly once across instances.
   */
  replace(key: string, expected: string, next: string): Promise<boolean>;
  /**
   * Atomically add one to a counter that lives for `windowMs` from its first
   * increment (a fixed window). Returns the new count and the ms left.
   */
  increment(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /**
   * Take a lock that expires by itself after `ttlMs` (so a holder that dies
   * cannot deadlock the rest). Returns a release token, or null when held.
   */
  acquireLock(key: string, ttlMs: number): Promise<string | null>;
  /** Release a lock, only if `token` still holds it. */
  releaseLock(key: string, token: string): Promise<void>;
  /** Free timers and connections. */
  close(): Promise<void>;
  /**
   * For `middleware.health()`: resolves true when the backend as a whole
   * answers (every master of a Redis Cluster). Optional: without it, one
   * `get` stands for the check.
   */
  health?(timeoutMs: number): Promise<boolean>;
}

/**
 * The operations a request performs on a `Store` (every method but `close`
 * and the optional `health`): what `observedStore` times, and what the fault
 * suite records.
 */
export const STORE_OPERATIONS = [
  "get",
  "set",
  "delete",
  "replace",
  "increment",
  "acquireLock",
  "releaseLock",
] as const satisfies readonly (keyof Store)[];

const STORE_METHODS: readonly (keyof Store)[] = [...STORE_OPERATIONS, "close"];

/**
 * Whether a value implements `Store` (every method present), checked once
 * when an option takes a store.
 *
 * @example
 * if (!isStore(options.store)) throw new WidgetTokensOptionError("store", "must be a Store");
 */
export function isStore(value: unknown): value is Store {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return STORE_METHODS.every((m) => typeof v[m] === "function");
}

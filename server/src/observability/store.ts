import type { Metrics } from "./metrics.js";

const TIMED_OPS = [
  "get",
  "set",
  "delete",
  "replace",
  "increment",
  "acquireLock",
  "releaseLock",
] as const;

/**
 * The same store, each operation timed into
 * `widget_tokens_store_duration_seconds{op}`. Every other member (its
 * `timeoutMs`, `close()`, anything a store adds) passes through unchanged.
 *
 * @example
 * const store = timedStore(redisStore({ url }), metrics);
 */
export function timedStore<S extends object>(store: S, metrics: Metrics): S {
  const wrapped = new Map<string, unknown>();
  for (const op of TIMED_OPS) {
    const fn = (store as Record<string, unknown>)[op];
    if (typeof fn !== "function") continue;
    wrapped.set(op, async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } finally {
        metrics.store(op, (performance.now() - started) / 1000);
      }
    });
  }
  return new Proxy(store, {
    get(target, key, receiver) {
      if (typeof key === "string" && wrapped.has(key)) return wrapped.get(key);
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

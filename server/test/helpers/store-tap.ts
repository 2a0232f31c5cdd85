import type { Store } from "../../src/index.js";

type Operation = "get" | "set" | "delete" | "replace" | "increment" | "acquireLock" | "releaseLock";

/**
 * Called before each store operation reaches the store: freeze or kill the
 * backend at an exact step of a request (an event, not a timer).
 */
export type StoreTap = (operation: Operation, key: string) => void | Promise<void>;

/**
 * `store`, with `tap` awaited before every operation. Keeps the store's
 * `timeoutMs`, so the pipeline sizes its markers as it would for `store`.
 *
 * @example
 * const tapped = tapStore(store, async (op, key) => {
 *   if (op === "set" && key.startsWith("jti:")) redis.pause();
 * });
 */
export function tapStore(store: Store, tap: StoreTap): Store {
  return {
    ...(store.timeoutMs === undefined ? {} : { timeoutMs: store.timeoutMs }),
    get: async (key) => {
      await tap("get", key);
      return store.get(key);
    },
    set: async (key, value, ttlMs, opts) => {
      await tap("set", key);
      return store.set(key, value, ttlMs, opts);
    },
    delete: async (key) => {
      await tap("delete", key);
      return store.delete(key);
    },
    replace: async (key, expected, next) => {
      await tap("replace", key);
      return store.replace(key, expected, next);
    },
    increment: async (key, windowMs) => {
      await tap("increment", key);
      return store.increment(key, windowMs);
    },
    acquireLock: async (key, ttlMs) => {
      await tap("acquireLock", key);
      return store.acquireLock(key, ttlMs);
    },
    releaseLock: async (key, token) => {
      await tap("releaseLock", key);
      return store.releaseLock(key, token);
    },
    close: () => store.close(),
  };
}

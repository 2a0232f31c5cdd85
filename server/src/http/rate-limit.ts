import { RateLimitedError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in ms. */
  windowMs: number;
}

/**
 * Fixed-window counters in the store, so every instance sharing a Redis
 * shares the limit. Over the limit: 429 with `Retry-After`. Resolves false
 * when the store could not be asked and the check failed open, true otherwise.
 */
export function createRateLimiter(
  store: Store,
  failOpen: boolean,
  logger: Logger,
): (key: string, rule: RateLimitRule | false) => Promise<boolean> {
  return async (key, rule) => {
    if (rule === false) return true;
    let result: { count: number; resetMs: number };
    try {
      result = await store.increment(`rl:${key}`, rule.windowMs);
    } catch (err) {
      if (failOpen) {
        logger.warn("widget-tokens: rate limit store unavailable; failing open");
        return false;
      }
      throw err;
    }
    if (result.count > rule.limit) {
      throw new RateLimitedError(
        "Too many requests; try again later",
        Math.ceil(result.resetMs / 1000),
      );
    }
    return true;
  };
}

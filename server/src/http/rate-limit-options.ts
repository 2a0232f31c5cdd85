import { WidgetTokensOptionError } from "../errors.js";
import { type OptionReader, readOptions } from "../validation/read-options.js";
import type { RateLimitRule } from "./rate-limit.js";

/** `rateLimit`: per user and per IP, each `false` to turn it off. */
export interface RateLimitOptions {
  /** Per signed-in user, across all routes. Default 30 a minute. */
  perUser?: RateLimitRule | false | undefined;
  /** Per client IP, across all routes. Default 120 a minute. */
  perIp?: RateLimitRule | false | undefined;
  /**
   * When the store cannot be reached: `false` (the default) answers 503;
   * `true` lets the request through unlimited.
   */
  failOpen?: boolean | undefined;
}

/** `rateLimit`, read and checked. */
export interface RateLimitSettings {
  perUser: RateLimitRule | false;
  perIp: RateLimitRule | false;
  failOpen: boolean;
}

const DEFAULT_PER_USER: RateLimitRule = { limit: 30, windowMs: 60_000 };
const DEFAULT_PER_IP: RateLimitRule = { limit: 120, windowMs: 60_000 };

/**
 * Read the `rateLimit` option once (absent: 30 a minute per user, 120 per
 * IP, failing closed). Unknown keys and bad numbers name their path
 * (`rateLimit.perUser.limit`).
 *
 * @example
 * const { perUser, perIp, failOpen } = readRateLimitOptions({ perIp: false });
 */
export function readRateLimitOptions(value: unknown, scope = "rateLimit"): RateLimitSettings {
  if (typeof value === "boolean") {
    throw new WidgetTokensOptionError(
      scope,
      value
        ? "must be an object; leave it out for the defaults (30 a minute per user, 120 per IP)"
        : "must be an object; to turn rate limiting off, turn off each limit: { perUser: false, perIp: false }",
    );
  }
  const o = readOptions<RateLimitOptions>(value === undefined ? {} : value, scope, {
    perUser: true,
    perIp: true,
    failOpen: true,
  });
  return {
    perUser: readRule(o, "perUser", DEFAULT_PER_USER),
    perIp: readRule(o, "perIp", DEFAULT_PER_IP),
    failOpen: o.boolean("failOpen", false),
  };
}

function readRule(
  o: OptionReader<RateLimitOptions>,
  key: "perUser" | "perIp",
  fallback: RateLimitRule,
): RateLimitRule | false {
  const value = o.value(key);
  if (value === undefined) return fallback;
  if (value === false) return false;
  const rule = o.nested(key, { limit: true, windowMs: true });
  return {
    limit: rule.number("limit", fallback.limit, { min: 1, integer: true }),
    windowMs: rule.number("windowMs", fallback.windowMs, { min: 1000, integer: true }),
  };
}

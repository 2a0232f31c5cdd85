import { WidgetTokensOptionError } from "../errors.js";
import type { RateLimitOptions, RateLimitRule } from "../http/rate-limit.js";
import type { Request } from "../http/types.js";
import type { Logger } from "../logger.js";
import type { AuthorizeContext } from "../providers/provider.js";
import type { Store } from "../stores/store.js";
import type { WidgetUser } from "../user.js";
import {
  isRecord,
  optionalBoolean,
  optionalFunction,
  optionalNumber,
  requireFunction,
  requireRecord,
} from "./check.js";

export interface WidgetTokensOptions {
  /**
   * Who is signed in, from the merchant's own session. Return null (or
   * undefined) when nobody is: the route answers 401.
   */
  identify: (
    req: Request,
  ) => WidgetUser | null | undefined | Promise<WidgetUser | null | undefined>;
  /** The merchant's policy for each mint. Return false to answer 403. Default: allow. */
  authorize?: (ctx: AuthorizeContext) => boolean | Promise<boolean>;
  /**
   * Origins (scheme://host[:port]) whose pages may call the routes cross-origin,
   * with credentials. Same-origin pages always may.
   */
  allowedOrigins?: string[];
  /** Provider configs, by provider id. At least one. */
  providers: Record<string, unknown>;
  /** Shared state. Default: `memoryStore()`. */
  store?: Store;
  /** Largest JSON body in bytes. Default 16384. */
  bodyLimit?: number;
  rateLimit?: RateLimitOptions;
  /** How long an `Idempotency-Key` replays its answer (ms). Default 24 h, capped by the token's life. */
  idempotencyTtlMs?: number;
  /** Serve the drop-in loader at GET /loader.js. Default true. */
  loader?: boolean;
  /** Extra request headers browsers may send cross-origin. */
  corsAllowHeaders?: string[];
  /** Where to log. Default `console`. Every line is redacted. */
  logger?: Logger;
  /** Clock in ms, for tests. */
  now?: () => number;
}

export interface ResolvedCoreOptions {
  identify: WidgetTokensOptions["identify"];
  authorize: NonNullable<WidgetTokensOptions["authorize"]>;
  bodyLimit: number;
  perUser: RateLimitRule | false;
  perIp: RateLimitRule | false;
  rateLimitFailOpen: boolean;
  idempotencyTtlMs: number;
  loader: boolean;
  corsAllowHeaders: string[];
  now: () => number;
}

const DEFAULT_PER_USER: RateLimitRule = { limit: 30, windowMs: 60_000 };
const DEFAULT_PER_IP: RateLimitRule = { limit: 120, windowMs: 60_000 };

function rule(value: unknown, name: string, fallback: RateLimitRule): RateLimitRule | false {
  if (value === undefined) return fallback;
  if (value === false) return false;
  const o = requireRecord(value, name);
  return {
    limit: optionalNumber(o.limit, `${name}.limit`, fallback.limit, { min: 1, integer: true }),
    windowMs: optionalNumber(o.windowMs, `${name}.windowMs`, fallback.windowMs, {
      min: 1000,
      integer: true,
    }),
  };
}

/** Validate the options that are not provider configs, once. */
export function resolveCoreOptions(options: unknown): ResolvedCoreOptions {
  if (!isRecord(options)) throw new WidgetTokensOptionError("options", "must be an object");
  const rateLimit =
    options.rateLimit === undefined ? {} : requireRecord(options.rateLimit, "rateLimit");
  const headers = options.corsAllowHeaders ?? [];
  if (
    !Array.isArray(headers) ||
    headers.some((h) => typeof h !== "string" || !/^[A-Za-z0-9-]+$/.test(h))
  ) {
    throw new WidgetTokensOptionError("corsAllowHeaders", "must be an array of header names");
  }
  return {
    identify: requireFunction(options.identify, "identify"),
    authorize:
      optionalFunction<NonNullable<WidgetTokensOptions["authorize"]>>(
        options.authorize,
        "authorize",
      ) ?? (() => true),
    bodyLimit: optionalNumber(options.bodyLimit, "bodyLimit", 16_384, {
      min: 256,
      max: 10_485_760,
      integer: true,
    }),
    perUser: rule(rateLimit.perUser, "rateLimit.perUser", DEFAULT_PER_USER),
    perIp: rule(rateLimit.perIp, "rateLimit.perIp", DEFAULT_PER_IP),
    rateLimitFailOpen: optionalBoolean(rateLimit.failOpen, "rateLimit.failOpen", false),
    idempotencyTtlMs: optionalNumber(options.idempotencyTtlMs, "idempotencyTtlMs", 86_400_000, {
      min: 1000,
      integer: true,
    }),
    loader: optionalBoolean(options.loader, "loader", true),
    corsAllowHeaders: headers as string[],
    now: optionalFunction<() => number>(options.now, "now") ?? Date.now,
  };
}

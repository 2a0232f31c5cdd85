import { parseAllowedOrigins, parseCorsAllowHeaders } from "../http/origin-policy.js";
import { type RateLimitSettings, readRateLimitOptions } from "../http/rate-limit-options.js";
import { type LoaderSettings, readLoaderOptions } from "../loader/loader-options.js";
import { type Logger, isLogger } from "../logger.js";
import {
  type Metrics,
  isMetricsRegistry,
  noopMetrics,
  promMetrics,
} from "../observability/metrics.js";
import { type Store, isStore } from "../stores/store.js";
import { type OptionReader, readOptions } from "../validation/read-options.js";
import type { HookOptions } from "./hook-options.js";
import type { WidgetTokensOptions } from "./widget-tokens-options.js";

/** The options that are not provider configs, read and checked: what the middleware runs on. */
export interface CoreConfig {
  identify: HookOptions["identify"];
  authorize: NonNullable<HookOptions["authorize"]>;
  allowedOrigins: ReadonlySet<string>;
  corsAllowHeaders: string[];
  bodyLimit: number;
  bodyTimeoutMs: number;
  rateLimit: RateLimitSettings;
  idempotencyTtlMs: number;
  /** `sealingSecrets`, checked; undefined: derived from the providers' secrets. */
  sealingSecrets: string[] | undefined;
  /** The longest each `health()` check waits (ms). */
  healthTimeoutMs: number;
  /** How the drop-in is served; false: not at all. */
  loader: LoaderSettings | false;
  /** The merchant's store; undefined when widget-tokens makes (and owns) one. */
  store: Store | undefined;
  /** The merchant's logger (default `console`), not yet redacting. */
  logger: Logger;
  /** `metrics.registry`'s metrics, or the no-op. */
  metrics: Metrics;
  now: () => number;
}

/**
 * Read every option of `widgetTokens()` but the provider configs, once:
 * unknown keys throw, naming the nearest known one; every malformed value
 * throws a `WidgetTokensOptionError` naming its path, never its value.
 *
 * @example
 * const core = readCoreOptions({ identify, providers, bodyLimit: 32_768 });
 */
export function readCoreOptions(options: unknown): CoreConfig {
  const o = readOptions<WidgetTokensOptions>(options, "", {
    identify: true,
    authorize: true,
    allowedOrigins: true,
    corsAllowHeaders: true,
    providers: true,
    store: true,
    ledger: true,
    bodyLimit: true,
    bodyTimeoutMs: true,
    rateLimit: true,
    idempotencyTtlMs: true,
    sealingSecrets: true,
    healthTimeoutMs: true,
    loader: true,
    logger: true,
    metrics: true,
    now: true,
  });
  const rateLimit = readRateLimitOptions(o.value("rateLimit"));
  const corsAllowHeaders = parseCorsAllowHeaders(o.value("corsAllowHeaders"));
  const identify = o.function("identify");
  const authorize = o.optionalFunction("authorize") ?? (() => true);
  const bodyLimit = o.number("bodyLimit", 16_384, { min: 256, max: 10_485_760, integer: true });
  const bodyTimeoutMs = o.number("bodyTimeoutMs", 10_000, {
    min: 100,
    max: 120_000,
    integer: true,
  });
  const idempotencyTtlMs = o.number("idempotencyTtlMs", 86_400_000, { min: 1000, integer: true });
  const sealingSecrets = o.value("sealingSecrets");
  if (
    sealingSecrets !== undefined &&
    (!Array.isArray(sealingSecrets) ||
      sealingSecrets.length === 0 ||
      !sealingSecrets.every((s) => typeof s === "string" && s.trim().length >= 32))
  ) {
    throw o.fail(
      "sealingSecrets",
      "must be a non-empty list of secrets of at least 32 characters (the first seals, all open)",
    );
  }
  const healthTimeoutMs = o.number("healthTimeoutMs", 1000, {
    min: 10,
    max: 60_000,
    integer: true,
  });
  const loader = readLoaderOptions(o.value("loader"));
  const now = o.optionalFunction("now") ?? Date.now;
  const allowedOrigins = parseAllowedOrigins(o.value("allowedOrigins"));
  const store = o.value("store");
  if (store !== undefined && !isStore(store)) {
    throw o.fail("store", "must be a Store (memoryStore(), redisStore() or your own)");
  }
  const metrics = readMetrics(o);
  const logger = o.value("logger");
  if (logger !== undefined && !isLogger(logger)) {
    throw o.fail("logger", "must have info, warn and error methods");
  }
  return {
    identify,
    authorize,
    allowedOrigins,
    corsAllowHeaders,
    bodyLimit,
    bodyTimeoutMs,
    rateLimit,
    idempotencyTtlMs,
    sealingSecrets,
    healthTimeoutMs,
    loader,
    store,
    logger: logger ?? console,
    metrics,
    now,
  };
}

/** `metrics: { registry }`: prom-client metrics in the merchant's registry; absent, the no-op. */
function readMetrics(o: OptionReader<WidgetTokensOptions>): Metrics {
  if (!o.has("metrics")) return noopMetrics;
  const m = o.nested("metrics", { registry: true });
  const registry = m.value("registry");
  if (!isMetricsRegistry(registry)) {
    throw m.fail("registry", "must be a prom-client Registry (new Registry(), or register)");
  }
  return promMetrics(registry, m.path("registry"));
}

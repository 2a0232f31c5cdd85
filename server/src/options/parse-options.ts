import { readBodyOptions } from "../http/body-options.js";
import { readHealthOptions } from "../http/health-options.js";
import { readIdempotencyOptions } from "../http/idempotency-options.js";
import { type OriginSettings, readOriginOptions } from "../http/origin-options.js";
import type { PipelineConfig } from "../http/pipeline.js";
import { readRateLimitOptions } from "../http/rate-limit-options.js";
import { type LedgerConfig, readLedgerOptions } from "../ledger/options.js";
import { type LoaderSettings, readLoaderOptions } from "../loader/loader-options.js";
import { type Logger, isLogger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type Store, isStore } from "../stores/store.js";
import { collectOptionErrors, quietly } from "../validation/option-errors.js";
import { type OptionKeys, readOptions } from "../validation/read-options.js";
import { readHookOptions } from "./hook-options.js";
import { readMetricsOptions } from "./metrics-options.js";
import { type ConfiguredProvider, readProvidersOptions } from "./providers-options.js";
import type { WidgetTokensOptions } from "./widget-tokens-options.js";

/**
 * `widgetTokens()`'s options, read once and checked: what the middleware
 * runs on. The pipeline's part (`PipelineConfig`) is handed to it as is.
 */
export interface Configuration extends PipelineConfig, OriginSettings {
  /** The configured providers, in the merchant's order; each reads its own options when built. */
  providers: ConfiguredProvider[];
  ledger: LedgerConfig;
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
}

const KEYS: OptionKeys<WidgetTokensOptions> = {
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
};

/**
 * Read every option of `widgetTokens()` once (express-rate-limit's
 * `parseOptions` model): each part's reader reads its own keys; unknown keys
 * are refused, naming the nearest known one; every malformed value is a
 * `WidgetTokensOptionError` naming its path, never its value. Every problem
 * is reported at once (`collectOptionErrors`): one, as itself; several, in
 * one error listing each.
 *
 * @example
 * const config = parseOptions({ identify, providers, bodyLimit: 32_768 });
 * config.body; // { limit: 32_768, timeoutMs: 10_000 }
 */
export function parseOptions(options: unknown): Configuration {
  return collectOptionErrors(({ attempt }) => {
    const o = readOptions<WidgetTokensOptions>(options, "", KEYS);
    const empty = readOptions<WidgetTokensOptions>({}, "", KEYS);
    // Each part on its own: a problem is recorded, the part falls back to its defaults,
    // and the next part is read, so one error lists every problem.
    const part = <R>(read: (r: typeof o) => R): R =>
      (attempt(() => read(o)) ?? quietly(() => read(empty))) as R;
    const rateLimit = part((r) => readRateLimitOptions(r.value("rateLimit")));
    const hooks = part(readHookOptions);
    const body = part(readBodyOptions);
    const idempotency = part(readIdempotencyOptions);
    const healthTimeoutMs = part(readHealthOptions);
    const loader = part((r) => readLoaderOptions(r.value("loader")));
    const now = o.optionalFunction("now") ?? Date.now;
    const origins = part(readOriginOptions);
    /** An optional object option that must pass `is`. */
    const either = <V>(key: "store" | "logger", is: (v: unknown) => v is V, must: string) =>
      part((r) => {
        const value = r.value(key);
        if (value !== undefined && !is(value)) throw r.fail(key, must);
        return value as V | undefined;
      });
    const store = either(
      "store",
      isStore,
      "must be a Store (memoryStore(), redisStore() or your own)",
    );
    const metrics = part(readMetricsOptions);
    const logger = either("logger", isLogger, "must have info, warn and error methods");
    return {
      ...hooks,
      ...origins,
      rateLimit,
      body,
      idempotency,
      healthTimeoutMs,
      loader,
      store,
      logger: logger ?? console,
      metrics,
      now,
      providers: attempt(() => readProvidersOptions(o.value("providers"))) ?? [],
      ledger: part((r) => readLedgerOptions(r.value("ledger"))),
    };
  });
}

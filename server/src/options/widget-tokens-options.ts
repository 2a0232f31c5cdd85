import type { BodyOptions } from "../http/body-options.js";
import type { HealthOptions } from "../http/health-options.js";
import type { IdempotencyOptions } from "../http/idempotency-options.js";
import type { OriginOptions } from "../http/origin-options.js";
import type { RateLimitOptions } from "../http/rate-limit-options.js";
import type { LedgerOptions } from "../ledger/options.js";
import type { LoaderOptions } from "../loader/loader-options.js";
import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";
import type { HookOptions } from "./hook-options.js";
import type { MetricsOptions } from "./metrics-options.js";
import type { ProvidersOptions } from "./providers-options.js";

/**
 * Everything `widgetTokens()` takes, composed from each part's own options
 * (helmet's model): each part declares its type next to the code that reads
 * it, and this type only puts them together: the hooks, the origin policy,
 * body reading, idempotency, health checks, and one nested entry each for
 * rate limits, the ledger, the loader, metrics and every provider (each
 * typed by the provider's own options). Misspelled keys are compile errors,
 * and, for JavaScript callers, run-time errors naming the nearest known key.
 *
 * @example
 * const options: WidgetTokensOptions = {
 *   identify: (req) => (req.session?.user ? { id: req.session.user.id } : null),
 *   providers: { fluz: { apiKey: "…", apiSecret: "…" } },
 * };
 */
export interface WidgetTokensOptions
  extends HookOptions,
    OriginOptions,
    BodyOptions,
    IdempotencyOptions,
    HealthOptions {
  /** Provider configs, by provider id. At least one. */
  providers: ProvidersOptions;
  /** Shared state. Default: `memoryStore()`. */
  store?: Store | undefined;
  /** The ledger of issued pre-approvals: `onSettled`, retention. See docs/ledger.md. */
  ledger?: LedgerOptions | undefined;
  /** Per user and per IP; `false` turns one off. Default 30 a minute per user, 120 per IP. */
  rateLimit?: RateLimitOptions | undefined;
  /**
   * Serve the drop-in: the bootstrap at GET /loader.js and its chunks at
   * GET /chunks/…. Default true; `false` serves nothing; `{ crossOrigin: true }`
   * lets pages on another site load them.
   */
  loader?: boolean | LoaderOptions | undefined;
  /**
   * Where to log. Default `console`. Every line is redacted. A structured
   * logger (pino, or anything with `info/warn/error(obj, msg)` and a `child()`
   * method) also gets events as objects, their fields redacted too:
   * `{ event: "token.issued", provider, route, status }`.
   */
  logger?: Logger | undefined;
  /** Prometheus metrics in your prom-client registry (prom-client is an optional peer). */
  metrics?: MetricsOptions | undefined;
  /** Clock in ms, for tests. */
  now?: (() => number) | undefined;
}

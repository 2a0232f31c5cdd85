import type { BodyOptions } from "../http/body-options.js";
import type { OriginOptions } from "../http/origin-policy.js";
import type { RateLimitOptions } from "../http/rate-limit.js";
import type { LedgerOptions } from "../ledger/options.js";
import type { LoaderOptions } from "../loader/loader-options.js";
import type { Logger } from "../logger.js";
import type { MetricsOptions } from "../observability/metrics.js";
import type { Store } from "../stores/store.js";
import type { HookOptions } from "./hook-options.js";
import type { ProvidersOptions } from "./providers-options.js";

/**
 * Everything `widgetTokens()` takes, composed from each part's own options:
 * the hooks, the origin policy, body reading, rate limits, and one entry
 * per provider (each typed by the provider's own options). Misspelled keys
 * are compile errors, and, for JavaScript callers, run-time errors naming
 * the nearest known key.
 *
 * @example
 * const options: WidgetTokensOptions = {
 *   identify: (req) => (req.session?.user ? { id: req.session.user.id } : null),
 *   providers: { fluz: { apiKey: "…", apiSecret: "…" } },
 * };
 */
export interface WidgetTokensOptions extends HookOptions, OriginOptions, BodyOptions {
  /** Provider configs, by provider id. At least one. */
  providers: ProvidersOptions;
  /** Shared state. Default: `memoryStore()`. */
  store?: Store | undefined;
  /** The ledger of issued pre-approvals: `onSettled`, retention. See docs/ledger.md. */
  ledger?: LedgerOptions | undefined;
  /** Per user and per IP; `false` turns one off. Default 30 a minute per user, 120 per IP. */
  rateLimit?: RateLimitOptions | undefined;
  /** How long an `Idempotency-Key` replays its answer (ms). Default 24 h, capped by the token's life. */
  idempotencyTtlMs?: number | undefined;
  /**
   * Secrets that seal, at rest, the answers `Idempotency-Key` records replay
   * (they hold tokens): AES-256-GCM, a key per secret by HKDF-SHA256. The
   * first seals, every one opens: to rotate, put the new one first, and drop
   * the old one `idempotencyTtlMs` later. Default: derived from the
   * providers' configured secrets (the same on every instance).
   */
  sealingSecrets?: string[] | undefined;
  /** The longest each check of `middleware.health()` waits (ms). Default 1000. */
  healthTimeoutMs?: number | undefined;
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

import { createRequire } from "node:module";
import { WidgetTokensOptionError } from "../errors.js";

/**
 * A prom-client `Registry` (or anything that accepts its metrics): what
 * `metrics: { registry }` takes. Typed structurally so the package's types
 * never need prom-client installed.
 */
export interface MetricsRegistry {
  registerMetric(metric: never): void;
  metrics(): Promise<string> | string;
  /** prom-client's: a metric already registered (a second middleware on one registry reuses it). */
  getSingleMetric?(name: string): unknown;
}

/** What widget-tokens counts and times. Every label value is bounded: never a user, a key or a path. */
export interface Metrics {
  issued(provider: string): void;
  error(provider: string, code: string): void;
  /** `outcome`: "ok" (2xx/3xx), "error" (4xx/5xx answer), "timeout", "unavailable", "failed". */
  upstream(provider: string, outcome: string, seconds: number): void;
  /** `outcome`: "ok", "unavailable" (STORE_UNAVAILABLE: down, slow or full), "error". */
  store(op: string, outcome: string, seconds: number): void;
  renewal(kind: "login" | "refresh"): void;
  renewalFailure(kind: "login" | "refresh"): void;
  /**
   * Every answer under the mount, whatever its status: `provider` and
   * `route` as routed ("none"/"unmatched" for an unknown path, "loader" for
   * the drop-in), `status` the HTTP status ("aborted": the client left first).
   */
  request(provider: string, route: string, status: string, seconds: number): void;
  /** A token request entered (+1) or finished (-1). */
  inFlight(delta: 1 | -1): void;
  /** The middleware started draining. */
  draining(): void;
  /** Report a memory store's entries against its cap (`widget_tokens_memory_store_*`). */
  watchMemoryStore(store: { readonly size: number; readonly maxEntries: number }): void;
}

/** The stand-in when no registry is configured: nothing is counted. */
export const noopMetrics: Metrics = {
  issued() {},
  error() {},
  upstream() {},
  store() {},
  renewal() {},
  renewalFailure() {},
  request() {},
  inFlight() {},
  draining() {},
  watchMemoryStore() {},
};

type SizedStore = { readonly size: number; readonly maxEntries: number };
/** The memory stores each registry reports, shared by every middleware using that registry. */
const watchedStores = new WeakMap<MetricsRegistry, Set<SizedStore>>();

interface PromClient {
  Counter: new (
    config: Record<string, unknown>,
  ) => {
    inc(labels: Record<string, string>): void;
  };
  Gauge: new (
    config: Record<string, unknown>,
  ) => {
    inc(value?: number): void;
    dec(value?: number): void;
    set(value: number): void;
  };
  Histogram: new (
    config: Record<string, unknown>,
  ) => {
    observe(labels: Record<string, string>, value: number): void;
  };
}

/**
 * Whether a value can serve as a prom-client registry.
 *
 * @example
 * if (!isMetricsRegistry(options.metrics.registry)) throw o.fail("registry", "must be a prom-client Registry");
 */
export function isMetricsRegistry(value: unknown): value is MetricsRegistry {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.registerMetric === "function" && typeof v.metrics === "function";
}

/**
 * The metrics, registered in the merchant's prom-client `registry`.
 * prom-client is an optional peer dependency, loaded here only, so an app
 * that configures no metrics never needs it.
 *
 * @example
 * const metrics = promMetrics(new Registry(), "metrics.registry");
 * metrics.issued("fluz");
 */
export function promMetrics(registry: MetricsRegistry, option: string): Metrics {
  let prom: PromClient;
  try {
    prom = createRequire(import.meta.url)("prom-client") as PromClient;
  } catch (err) {
    if ((err as { code?: string }).code !== "MODULE_NOT_FOUND") throw err;
    throw new WidgetTokensOptionError(
      option,
      "needs the prom-client package, an optional peer dependency: run `npm install prom-client`",
    );
  }
  const registers = [registry];
  // A metric another middleware already registered in this registry is shared, not registered twice.
  const counter = (config: Record<string, unknown>) =>
    (registry.getSingleMetric?.(config.name as string) as InstanceType<PromClient["Counter"]>) ??
    new prom.Counter({ ...config, registers });
  const histogram = (config: Record<string, unknown>) =>
    (registry.getSingleMetric?.(config.name as string) as InstanceType<PromClient["Histogram"]>) ??
    new prom.Histogram({ ...config, registers });
  const gauge = (config: Record<string, unknown>) =>
    (registry.getSingleMetric?.(config.name as string) as InstanceType<PromClient["Gauge"]>) ??
    new prom.Gauge({ ...config, registers });
  const requests = histogram({
    name: "widget_tokens_request_duration_seconds",
    help: "Every answer under the mount, by provider, route and HTTP status (404 and 503 included).",
    labelNames: ["provider", "route", "status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const inFlight = gauge({
    name: "widget_tokens_requests_in_flight",
    help: "Token requests entered and not yet answered.",
  });
  const draining = gauge({
    name: "widget_tokens_draining",
    help: "Middlewares draining (shutdown() or close() called): 1 per draining instance.",
  });
  // Read at scrape time from the memory stores watched through this registry (none: 0).
  let memoryStores = watchedStores.get(registry);
  if (memoryStores === undefined) {
    memoryStores = new Set();
    watchedStores.set(registry, memoryStores);
  }
  const stores = memoryStores;
  const sum = (read: (s: { size: number; maxEntries: number }) => number) => {
    let total = 0;
    for (const s of stores) total += read(s);
    return total;
  };
  gauge({
    name: "widget_tokens_memory_store_entries",
    help: "Entries in the default memory store (0 with a Redis store).",
    collect(this: { set(v: number): void }) {
      this.set(sum((s) => s.size));
    },
  });
  gauge({
    name: "widget_tokens_memory_store_max_entries",
    help: "The memory store's maxEntries: at the cap, new tokens get 503 (0 with a Redis store).",
    collect(this: { set(v: number): void }) {
      this.set(sum((s) => s.maxEntries));
    },
  });
  const issued = counter({
    name: "widget_tokens_issued_total",
    help: "Tokens issued (2xx answers of token routes, replays excluded), by provider.",
    labelNames: ["provider"],
  });
  const errors = counter({
    name: "widget_tokens_errors_total",
    help: "Token requests answered with an error, by provider and error code.",
    labelNames: ["provider", "code"],
  });
  const upstream = histogram({
    name: "widget_tokens_upstream_duration_seconds",
    help: "Calls to provider APIs, by provider and outcome (ok, error, timeout, unavailable, failed).",
    labelNames: ["provider", "outcome"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const store = histogram({
    name: "widget_tokens_store_duration_seconds",
    help: "Store operations, by operation and outcome (ok, unavailable, error).",
    labelNames: ["op", "outcome"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  const renewals = counter({
    name: "widget_tokens_merchant_api_renewals_total",
    help: "Merchant-API session renewals sent, by kind (login, refresh).",
    labelNames: ["kind"],
  });
  const renewalFailures = counter({
    name: "widget_tokens_merchant_api_renewal_failures_total",
    help: "Merchant-API session renewals that failed (refused, timed out, unreachable), by kind.",
    labelNames: ["kind"],
  });
  return {
    issued: (provider) => issued.inc({ provider }),
    error: (provider, code) => errors.inc({ provider, code }),
    upstream: (provider, outcome, seconds) => upstream.observe({ provider, outcome }, seconds),
    store: (op, outcome, seconds) => store.observe({ op, outcome }, seconds),
    renewal: (kind) => renewals.inc({ kind }),
    renewalFailure: (kind) => renewalFailures.inc({ kind }),
    request: (provider, route, status, seconds) =>
      requests.observe({ provider, route, status }, seconds),
    inFlight: (delta) => (delta > 0 ? inFlight.inc() : inFlight.dec()),
    draining: () => draining.inc(),
    watchMemoryStore: (s) => stores.add(s),
  };
}

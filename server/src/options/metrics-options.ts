import {
  type Metrics,
  type MetricsRegistry,
  isMetricsRegistry,
  noopMetrics,
  promMetrics,
} from "../observability/metrics.js";
import type { OptionReader } from "../validation/read-options.js";

/** `metrics`: where widget-tokens' Prometheus metrics go. */
export interface MetricsOptions {
  /** A prom-client `Registry` (`new Registry()`, or prom-client's default `register`). */
  registry: MetricsRegistry;
}

/**
 * `metrics: { registry }`: prom-client metrics in the merchant's registry;
 * absent, the no-op.
 *
 * @example
 * const metrics = readMetricsOptions(readOptions(options, "", keys));
 */
export function readMetricsOptions(
  o: Pick<OptionReader<{ metrics?: MetricsOptions | undefined }>, "has" | "nested">,
): Metrics {
  if (!o.has("metrics")) return noopMetrics;
  const m = o.nested("metrics", { registry: true });
  const registry = m.value("registry");
  if (!isMetricsRegistry(registry)) {
    throw m.fail("registry", "must be a prom-client Registry (new Registry(), or register)");
  }
  return promMetrics(registry, m.path("registry"));
}

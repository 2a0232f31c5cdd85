import type { Metrics } from "./metrics.js";
import { type RequestScope, TRACER_NAME, currentScope, otelApi } from "./tracing.js";

/** Bounded outcome of a store operation: a label value. */
function outcomeOf(err: unknown): string {
  return (err as { code?: unknown } | null)?.code === "STORE_UNAVAILABLE" ? "unavailable" : "error";
}

/**
 * The same store, each operation timed into
 * `widget_tokens_store_duration_seconds{op,outcome}` and, inside a traced
 * token request, a child span `widget-tokens store <op>` (kind client; the
 * operation and outcome as attributes, never a key or a value). Every other
 * member (its `timeoutMs`, `close()`, `health()`, anything a store adds)
 * passes through unchanged. `operations` names the methods to observe (the
 * store's own list, STORE_OPERATIONS: this layer sits below stores/).
 *
 * @example
 * const store = observedStore(redisStore({ url }), STORE_OPERATIONS, metrics);
 */
export function observedStore<S extends object>(
  store: S,
  operations: readonly string[],
  /** Absent (metrics off): only traced requests' operations are observed, as spans. */
  metrics: Metrics | undefined,
): S {
  const wrapped = new Map<string, unknown>();
  for (const op of operations) {
    const fn = (store as Record<string, unknown>)[op];
    if (typeof fn !== "function") continue;
    const call = (fn as (...a: unknown[]) => Promise<unknown>).bind(store);
    const observe = async (args: unknown[], scope: RequestScope | undefined) => {
      const api = scope?.context ? otelApi() : undefined;
      const span = api?.trace
        .getTracer(TRACER_NAME)
        .startSpan(
          `widget-tokens store ${op}`,
          { kind: api.SpanKind.CLIENT, attributes: { "widget_tokens.store.op": op } },
          scope?.context,
        );
      const started = performance.now();
      let outcome = "ok";
      try {
        return await call(...args);
      } catch (err) {
        outcome = outcomeOf(err);
        if (api) span?.setStatus({ code: api.SpanStatusCode.ERROR });
        throw err;
      } finally {
        metrics?.store(op, outcome, (performance.now() - started) / 1000);
        span?.setAttribute("widget_tokens.store.outcome", outcome);
        span?.end();
      }
    };
    wrapped.set(op, (...args: unknown[]) => {
      const scope = currentScope();
      // Nothing to count and no span to hang it under: the store's own call, as it is.
      if (metrics === undefined && scope?.context === undefined) return call(...args);
      return observe(args, scope);
    });
  }
  return new Proxy(store, {
    get(target, key, receiver) {
      if (typeof key === "string" && wrapped.has(key)) return wrapped.get(key);
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

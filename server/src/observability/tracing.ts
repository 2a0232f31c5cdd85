import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import type { DependencyObserver } from "./dependency-observer.js";
import type { Metrics } from "./metrics.js";

type OtelApi = typeof import("@opentelemetry/api");
type OtelContext = import("@opentelemetry/api").Context;

let loaded: OtelApi | null | undefined;

/**
 * `@opentelemetry/api`, an optional peer dependency, loaded on first use;
 * undefined when it is not installed (then nothing is traced).
 */
export function otelApi(): OtelApi | undefined {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)("@opentelemetry/api") as OtelApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/** The tracer widget-tokens' spans come from (the global tracer provider's). */
export const TRACER_NAME = "@widget-tokens/server";

/**
 * The registered SDK's tracer, asked for on each request (an SDK registered,
 * disabled or replaced later is followed); undefined while none is
 * registered. Then there is nothing to record: a request starts no span,
 * creates no context and, unless it calls a provider, enters no request
 * scope (the per-request cost of an installed `@opentelemetry/api` with no
 * SDK behind it, bench/results.md "The token route's own cost").
 *
 * @example
 * const span = sdkTracer(api)?.startSpan("widget-tokens fluz /fluz/pat-token");
 */
export function sdkTracer(api: OtelApi): import("@opentelemetry/api").Tracer | undefined {
  const provider = api.trace.getTracerProvider();
  return provider instanceof api.ProxyTracerProvider
    ? provider.getDelegateTracer(TRACER_NAME)
    : provider.getTracer(TRACER_NAME);
}

/** What the code below a token request sees of it: which provider, where to count, the span. */
export interface RequestScope {
  provider: string;
  metrics: Metrics;
  /** Dependency state for `middleware.health()`; absent outside a middleware. */
  dependencies?: DependencyObserver;
  /** The OpenTelemetry context holding the request's span, when tracing. */
  context?: OtelContext;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * Run `fn` as part of a token request: upstream calls and merchant-API
 * renewals made inside it are counted and traced under its provider.
 *
 * @example
 * await inRequestScope({ provider: "jackpot", metrics }, () => handle());
 */
export function inRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The token request this code runs for, if any. */
export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

/**
 * Count a merchant-API session renewal (a login or a refresh sent).
 *
 * @example
 * recordRenewal("refresh");
 */
export function recordRenewal(kind: "login" | "refresh"): void {
  currentScope()?.metrics.renewal(kind);
}

/**
 * Count a merchant-API session renewal that failed (refused, timed out,
 * unreachable, or an answer without a session).
 *
 * @example
 * recordRenewalFailure("login");
 */
export function recordRenewalFailure(kind: "login" | "refresh"): void {
  currentScope()?.metrics.renewalFailure(kind);
}

/**
 * The active span's ids as log fields (`trace_id`, `span_id`), for every log
 * line written inside a traced request; undefined without OpenTelemetry or
 * outside a span.
 *
 * @example
 * redactingLogger(logger, secrets, activeTraceIds);
 */
export function activeTraceIds(): Record<string, string> | undefined {
  const api = otelApi();
  if (api === undefined) return undefined;
  const ctx = currentScope()?.context ?? api.context.active();
  const span = api.trace.getSpan(ctx);
  if (span === undefined) return undefined;
  const { traceId, spanId } = span.spanContext();
  if (!api.trace.isSpanContextValid(span.spanContext())) return undefined;
  return { trace_id: traceId, span_id: spanId };
}

import { TRACER_NAME, currentScope, otelApi } from "./tracing.js";

/** Bounded outcome of an upstream call: a label value. */
function outcomeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "UPSTREAM_TIMEOUT") return "timeout";
  if (code === "UPSTREAM_UNAVAILABLE") return "unavailable";
  return "failed";
}

/**
 * Time, trace and count one call to a provider API, made inside a token
 * request (`inRequestScope`): a child span `widget-tokens upstream <name>`
 * with provider, method, status and error code, the W3C `traceparent`
 * (with the global propagator) written into `headers`, and the duration in
 * `widget_tokens_upstream_duration_seconds{provider,outcome}`. Outside a
 * request, and without `@opentelemetry/api`, it only runs `send`.
 *
 * @example
 * const res = await observeUpstream("Jackpot", "POST", headers, () => send(headers));
 */
export async function observeUpstream<T extends { status: number }>(
  name: string,
  method: string,
  headers: Record<string, string | number>,
  send: () => Promise<T>,
): Promise<T> {
  const scope = currentScope();
  const api = scope?.context ? otelApi() : undefined;
  if (scope === undefined) return send();
  const span = api?.trace.getTracer(TRACER_NAME).startSpan(
    `widget-tokens upstream ${name}`,
    {
      kind: api.SpanKind.CLIENT,
      attributes: { "widget_tokens.provider": scope.provider, "http.request.method": method },
    },
    scope.context,
  );
  if (api && span && scope.context) {
    const carrier: Record<string, string> = {};
    api.propagation.inject(api.trace.setSpan(scope.context, span), carrier);
    for (const [key, value] of Object.entries(carrier)) headers[key] = value;
  }
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const res = await send();
    scope.metrics.upstream(scope.provider, res.status < 400 ? "ok" : "error", seconds());
    scope.dependencies?.upstream(scope.provider, res.status < 500);
    span?.setAttribute("http.response.status_code", res.status);
    if (res.status >= 500 && api) span?.setStatus({ code: api.SpanStatusCode.ERROR });
    return res;
  } catch (err) {
    scope.metrics.upstream(scope.provider, outcomeOf(err), seconds());
    scope.dependencies?.upstream(scope.provider, false);
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string") span?.setAttribute("widget_tokens.error_code", code);
    if (api) span?.setStatus({ code: api.SpanStatusCode.ERROR });
    throw err;
  } finally {
    span?.end();
  }
}

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
 * request (`inRequestScope`): a child span
 * `widget-tokens upstream <name> <method> <path>` (one name per operation:
 * a merchant-API login, refresh and call are told apart; the path is the
 * provider's fixed or allow-listed one, never a query)
 * with provider, method, status and error code, the W3C `traceparent`
 * (with the global propagator) written into `headers`, and the duration in
 * `widget_tokens_upstream_duration_seconds{provider,outcome}`. Outside a
 * request, and without `@opentelemetry/api`, it only runs `send`.
 *
 * @example
 * const res = await observeUpstream("Jackpot", "POST", "/token", headers, () => send(headers));
 */
export async function observeUpstream<T extends { status: number }>(
  name: string,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  send: () => Promise<T>,
): Promise<T> {
  const scope = currentScope();
  const api = scope?.context ? otelApi() : undefined;
  if (scope === undefined) return send();
  // The path only: a query string could carry a shopper's data.
  const spanPath = path.split("?")[0] || "/";
  const span = api?.trace.getTracer(TRACER_NAME).startSpan(
    `widget-tokens upstream ${name} ${method} ${spanPath}`,
    {
      kind: api.SpanKind.CLIENT,
      attributes: {
        "widget_tokens.provider": scope.provider,
        "http.request.method": method,
        "url.path": spanPath,
      },
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

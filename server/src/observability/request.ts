import { WidgetTokensError } from "../errors.js";
import { type Logger, causeOf, logEvent, logLine, markLogged } from "../logger.js";
import type { DependencyObserver } from "./dependency-observer.js";
import type { Metrics } from "./metrics.js";
import { type RequestScope, inRequestScope, otelApi, sdkTracer } from "./tracing.js";

/** What a token request is observed with: the metrics (or the no-op) and the redacting logger. */
export interface RequestObserver {
  metrics: Metrics;
  logger: Logger;
  /** Where dependency outcomes go (the middleware's health state). */
  dependencies?: DependencyObserver;
}

/** A span's ids as log fields. */
function spanIds(c: { traceId: string; spanId: string }): Record<string, string> {
  return { trace_id: c.traceId, span_id: c.spanId };
}

/** The route as observed: its provider and its mounted path (bounded: one per route). */
export interface ObservedRoute {
  provider: string;
  path: string;
  /** A merchant-API allow-listed call: relayed, not a token issued. */
  allowListed?: boolean | undefined;
  /**
   * The route calls a provider (its `deadlineMs` is above 0): it runs in a
   * request scope, which counts and traces those calls under its provider
   * and reports them to the health state. A route that only signs needs the
   * scope only when traced.
   */
  callsUpstream?: boolean | undefined;
}

/** The bits of the response read once the route answered. */
interface AnsweredResponse {
  statusCode: number;
  getHeader(name: string): unknown;
}

/**
 * Run one token request observed: a span `widget-tokens <provider> <route>`
 * (attributes provider, route, HTTP status, error code; never a token, a
 * secret or a user), the issued/errors counters, and a structured log event
 * (`token.issued`, `token.failed`). Upstream calls made by `run` become
 * child spans and carry its `traceparent`. Errors are rethrown, unchanged,
 * for the dispatcher to answer.
 *
 * @example
 * await observeRequest(observer, { provider: "fluz", path: "/fluz/pat-token" }, res, () => run());
 */
export async function observeRequest(
  observer: RequestObserver,
  route: ObservedRoute,
  res: AnsweredResponse,
  run: () => Promise<void>,
): Promise<void> {
  const { metrics, logger } = observer;
  const { provider, path } = route;
  const api = otelApi();
  const span = (api && sdkTracer(api))?.startSpan(`widget-tokens ${provider} ${path}`, {
    attributes: { "widget_tokens.provider": provider, "widget_tokens.route": path },
  });
  const context = api && span ? api.trace.setSpan(api.context.active(), span) : undefined;
  const { dependencies } = observer;
  const scope: RequestScope | undefined =
    context !== undefined || route.callsUpstream
      ? {
          provider,
          metrics,
          ...(context ? { context } : {}),
          ...(dependencies ? { dependencies } : {}),
        }
      : undefined;
  try {
    if (scope === undefined) await run();
    else
      await inRequestScope(scope, () => (api && context ? api.context.with(context, run) : run()));
    const status = res.statusCode;
    span?.setAttribute("http.response.status_code", status);
    const replayed = res.getHeader("Idempotent-Replayed") !== undefined;
    if (status >= 200 && status < 300 && !replayed && !route.allowListed) {
      metrics.issued(provider);
      logEvent(
        logger,
        "info",
        { event: "token.issued", provider, route: path, status },
        "widget-tokens: token issued",
      );
    } else if (replayed) {
      logEvent(
        logger,
        "info",
        { event: "token.replayed", provider, route: path, status },
        "widget-tokens: idempotent replay",
      );
    }
  } catch (err) {
    const error = err instanceof WidgetTokensError ? err : undefined;
    const code = error?.code ?? "INTERNAL_ERROR";
    if (code === "STORE_UNAVAILABLE") dependencies?.storeFailed();
    const status = error?.status ?? 500;
    metrics.error(provider, code);
    span?.setAttribute("http.response.status_code", status);
    span?.setAttribute("widget_tokens.error_code", code);
    if (status >= 500 && api) span?.setStatus({ code: api.SpanStatusCode.ERROR });
    const cause = causeOf(err);
    const fields = {
      event: "token.failed",
      provider,
      route: path,
      code,
      status,
      ...(cause === undefined ? {} : { cause }),
      ...(span ? spanIds(span.spanContext()) : {}),
    };
    if (error && status >= 500 && code !== "SHUTTING_DOWN") {
      // The one line of this failure, whatever the logger, with its cause and its trace.
      // In the request's scope: a string line gets its trace and span ids too.
      const line = () =>
        logLine(
          logger,
          "warn",
          fields,
          `widget-tokens: ${path} ${code}: ${error.message}${cause === undefined ? "" : ` (${cause})`}`,
        );
      if (scope === undefined) line();
      else inRequestScope(scope, line);
      markLogged(err);
    } else {
      logEvent(
        logger,
        status >= 500 ? "warn" : "info",
        fields,
        "widget-tokens: token request failed",
      );
    }
    throw err;
  } finally {
    span?.end();
  }
}

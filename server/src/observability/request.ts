import { WidgetTokensError } from "../errors.js";
import { type Logger, logEvent } from "../logger.js";
import type { Metrics } from "./metrics.js";
import { type DependencyObserver, TRACER_NAME, inRequestScope, otelApi } from "./tracing.js";

/** What a token request is observed with: the metrics (or the no-op) and the redacting logger. */
export interface RequestObserver {
  metrics: Metrics;
  logger: Logger;
  /** Where dependency outcomes go (the middleware's health state). */
  dependencies?: DependencyObserver;
}

/** The route as observed: its provider and its mounted path (bounded: one per route). */
interface ObservedRoute {
  provider: string;
  path: string;
  /** A merchant-API allow-listed call: relayed, not a token issued. */
  allowListed?: boolean;
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
  const span = api?.trace.getTracer(TRACER_NAME).startSpan(`widget-tokens ${provider} ${path}`, {
    attributes: { "widget_tokens.provider": provider, "widget_tokens.route": path },
  });
  const context = api && span ? api.trace.setSpan(api.context.active(), span) : undefined;
  const { dependencies } = observer;
  const scope = {
    provider,
    metrics,
    ...(context ? { context } : {}),
    ...(dependencies ? { dependencies } : {}),
  };
  try {
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
    logEvent(
      logger,
      status >= 500 ? "warn" : "info",
      { event: "token.failed", provider, route: path, code, status },
      "widget-tokens: token request failed",
    );
    throw err;
  } finally {
    span?.end();
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { AccessError, RequestError, ServiceError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Drain } from "./drain.js";
import type { InboundRoute } from "./inbound-route.js";
import { corsHeaders, preflightHeaders } from "./origin-policy.js";
import type { MountedRoute, RunRoute } from "./pipeline.js";
import { type HeaderList, sendError } from "./respond.js";
import type { Middleware, Request, Response } from "./types.js";

/** What the dispatcher routes to. */
export interface DispatchSettings {
  /** Every provider route; the path and method pick one, exactly (never normalized). */
  routes: readonly MountedRoute[];
  /** The per-request pipeline (`createPipeline`). */
  run: RunRoute;
  allowedOrigins: ReadonlySet<string>;
  /** `corsAllowHeaders`: extra request headers a preflight allows. */
  corsAllowHeaders: readonly string[];
  /** Headers of every JSON answer, precomputed. */
  jsonHeaders: HeaderList;
  logger: Logger;
  /** Answers `GET /loader.js` and `GET /chunks/…` (the drop-in), when the loader is served. */
  loader?: (req: IncomingMessage, res: ServerResponse, path: string) => void;
  /** Counts token requests in flight; once draining, new ones get 503 `SHUTTING_DOWN`. */
  drain?: Drain;
  /** Server-to-server routes (provider notifications): POST only, no browser pipeline. */
  inbound?: readonly InboundRoute[];
  /** Times every answer into `widget_tokens_request_duration_seconds`; absent: nothing timed. */
  metrics?: Metrics;
}

/** What an answer is counted under: `[provider, route]`, one bounded pair per route. */
type RouteLabels = readonly [provider: string, route: string];
const UNMATCHED: RouteLabels = ["none", "unmatched"];
const LOADER: RouteLabels = ["loader", "/loader.js"];
const CHUNKS: RouteLabels = ["loader", "/chunks"];

/**
 * The middleware's front door: the drop-in (`/loader.js`, `/chunks/…`), then an exact path and method
 * lookup, the CORS preflight, 404 and 405 (an allow-list answers 404 for a
 * method it does not list), and the pipeline for everything else. Errors
 * become JSON answers here, in one place.
 *
 * @example
 * const middleware = createDispatcher({ routes, run: createPipeline(settings), allowedOrigins, corsAllowHeaders: [], jsonHeaders, logger });
 * app.use("/widget-tokens", middleware);
 */
export function createDispatcher(settings: DispatchSettings): Middleware {
  const { run, allowedOrigins, jsonHeaders, logger, loader, drain, metrics } = settings;
  const table = routeTable(settings.routes);
  /** 405, with the methods the path does take. */
  const methodNotAllowed = (res: Response, allow: string) => {
    res.setHeader("Allow", allow);
    sendError(
      res,
      new RequestError("METHOD_NOT_ALLOWED", "Method not allowed"),
      jsonHeaders,
      logger,
    );
  };
  const owned = ownedSegments(settings.routes, settings.inbound ?? [], loader !== undefined);
  const labels = new Map(
    settings.routes.map(({ provider, route }) => [route.path, [provider, route.path] as const]),
  );
  const preflight = preflightHeaders(settings.corsAllowHeaders);
  const inbound = new Map((settings.inbound ?? []).map((r) => [r.path, r]));
  // An inbound route is counted under its provider: the path's first segment ("/fluz/notifications").
  const inboundLabels = new Map(
    [...inbound.keys()].map((path) => [path, [path.split("/")[1] ?? "none", path] as const]),
  );

  if (metrics === undefined) return (req, res, next) => void dispatch(req, res, next);
  return (req, res, next) => {
    const started = performance.now();
    const labels = dispatch(req, res, next);
    if (labels === PASSED_ON) return; // another handler's request, not ours to count
    const [provider, route] = labels;
    res.once("close", () => {
      const status = res.writableFinished ? String(res.statusCode) : "aborted";
      metrics.request(provider, route, status, (performance.now() - started) / 1000);
    });
  };

  function dispatch(
    req: Request,
    res: Response,
    next: (err?: unknown) => void,
  ): RouteLabels | typeof PASSED_ON {
    const path = pathBelowMount(req);
    if (loader && (path === "/loader.js" || path.startsWith("/chunks/"))) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        methodNotAllowed(res, "GET, HEAD");
        return path === "/loader.js" ? LOADER : CHUNKS;
      }
      loader(req, res, path);
      return path === "/loader.js" ? LOADER : CHUNKS;
    }
    const server = inbound.get(path);
    if (server !== undefined) {
      runInbound(server, req, res);
      return inboundLabels.get(path) ?? UNMATCHED;
    }
    const byMethod = table.get(path);
    const cors = corsHeaders(req, allowedOrigins);
    if (byMethod === undefined) {
      // Another mount (a second widgetTokens, the app's own routes) may own it.
      if (!owned.has(firstSegment(path))) {
        next();
        return PASSED_ON;
      }
      sendError(res, new RequestError("NOT_FOUND", "No such route"), jsonHeaders, logger);
      return UNMATCHED;
    }
    const routeLabels = labels.get(path) ?? UNMATCHED;
    if (req.method === "OPTIONS") {
      if (cors === undefined) {
        sendError(
          res,
          new AccessError("ORIGIN_NOT_ALLOWED", "Cross-origin request refused"),
          jsonHeaders,
          logger,
        );
        return routeLabels;
      }
      res.statusCode = 204;
      for (const [name, value] of Object.entries({ ...cors, ...preflight }))
        res.setHeader(name, value);
      res.end();
      return routeLabels;
    }
    const mounted = byMethod.get(req.method ?? "");
    if (mounted === undefined) {
      // An allow-list (the merchant-API proxy) reveals nothing about the methods it does not list.
      const hidden = [...byMethod.values()].some((m) => m.route.allowListed);
      const error = hidden
        ? new RequestError("NOT_FOUND", "No such route")
        : new RequestError("METHOD_NOT_ALLOWED", "Method not allowed");
      sendError(res, error, jsonHeaders, logger);
      // Hidden from the browser, but still this route's answer (bounded: listed paths only).
      return routeLabels;
    }
    if (drain?.draining) {
      const error = new ServiceError("SHUTTING_DOWN", "This instance is shutting down");
      sendError(res, error, cors ? [...jsonHeaders, ...Object.entries(cors)] : jsonHeaders, logger);
      return routeLabels;
    }
    const settled = run(mounted, req, res, cors).catch((err: unknown) => {
      try {
        const headers = cors ? [...jsonHeaders, ...Object.entries(cors)] : jsonHeaders;
        sendError(res, err, headers, logger, `${req.method} ${path}`);
      } catch (sendErr) {
        next(sendErr);
      }
    });
    drain?.track(res, settled);
    return routeLabels;
  }

  /** A provider's notification: POST only; errors answered as JSON, like every route. */
  function runInbound(route: InboundRoute, req: Request, res: Parameters<Middleware>[1]): void {
    if (req.method !== "POST") {
      methodNotAllowed(res, "POST");
      return;
    }
    if (drain?.draining) {
      sendError(
        res,
        new ServiceError("SHUTTING_DOWN", "This instance is shutting down"),
        jsonHeaders,
        logger,
      );
      return;
    }
    const settled = route
      .handle(req, res)
      .catch((err: unknown) => sendError(res, err, jsonHeaders, logger, `POST ${route.path}`));
    drain?.track(res, settled);
  }
}

/** What `dispatch` returns for a request it handed to `next()`. */
const PASSED_ON = Symbol("passed on");

/**
 * The first path segments this instance answers for (`fluz`, `merchant-api`,
 * `loader.js`…): below them an unknown path is this instance's 404; anything
 * else goes to `next()`, so two mounts on one path compose.
 */
function ownedSegments(
  routes: readonly MountedRoute[],
  inbound: readonly InboundRoute[],
  servesLoader: boolean,
): Set<string> {
  const owned = new Set([
    ...routes.map((m) => firstSegment(m.route.path)),
    ...inbound.map((r) => firstSegment(r.path)),
  ]);
  if (servesLoader) {
    owned.add("loader.js");
    owned.add("chunks");
  }
  return owned;
}

function firstSegment(path: string): string {
  const end = path.indexOf("/", 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
}

/** path → method → route, built once. */
function routeTable(routes: readonly MountedRoute[]): Map<string, Map<string, MountedRoute>> {
  const table = new Map<string, Map<string, MountedRoute>>();
  for (const mounted of routes) {
    let byMethod = table.get(mounted.route.path);
    if (byMethod === undefined) {
      byMethod = new Map();
      table.set(mounted.route.path, byMethod);
    }
    byMethod.set(mounted.route.method, mounted);
  }
  return table;
}

/**
 * The path below the mount point exactly as sent. Express 4 swallows one
 * slash after the mount point ("/widget-tokens//x" reaches a middleware as
 * "/x"); `originalUrl` still has it. Outside Express (or for an
 * absolute-form target), `req.url` is all there is.
 */
function pathBelowMount(req: Request): string {
  const { originalUrl, baseUrl } = req;
  if (
    typeof originalUrl === "string" &&
    typeof baseUrl === "string" &&
    baseUrl.length > 0 &&
    originalUrl.startsWith(baseUrl)
  ) {
    return pathOf(originalUrl.slice(baseUrl.length) || "/");
  }
  return pathOf(req.url);
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

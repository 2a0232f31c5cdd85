import { WidgetTokensError, WidgetTokensOptionError } from "./errors.js";
import { beginIdempotent } from "./http/idempotency.js";
import {
  checkOrigin,
  corsHeaders,
  parseAllowedOrigins,
  preflightHeaders,
} from "./http/origin-policy.js";
import { createRateLimiter } from "./http/rate-limit.js";
import { readJsonBody } from "./http/read-json-body.js";
import { type HeaderList, sendError, sendJson } from "./http/respond.js";
import { apiHeaders, precomputeHelmetHeaders } from "./http/security-headers.js";
import type { Middleware, Request, Response } from "./http/types.js";
import { type LoaderScript, readLoaderScript } from "./loader/loader-script.js";
import { type Logger, redactingLogger } from "./logger.js";
import { requireRecord } from "./options/check.js";
import { type WidgetTokensOptions, resolveCoreOptions } from "./options/widget-tokens-options.js";
import { PROVIDERS } from "./providers/index.js";
import type { ProviderInstance, ProviderRoute } from "./providers/provider.js";
import { memoryStore } from "./stores/memory.js";
import type { Store } from "./stores/store.js";
import { checkUser } from "./user.js";

/** The middleware, plus `close()` to release the store and provider resources. */
export type WidgetTokensMiddleware = Middleware & {
  /** Stop timers and close connections (the store is closed only if widget-tokens made it). */
  close(): Promise<void>;
};

interface MountedRoute {
  provider: string;
  route: ProviderRoute;
}

/**
 * Build the middleware a merchant mounts in the Express (4 or 5) app it
 * already runs. Options are validated here, once: a missing secret throws
 * at start-up with the option's name.
 *
 * @example
 * import express from "express";
 * import { widgetTokens } from "@widget-tokens/server";
 *
 * const app = express();
 * app.use("/widget-tokens", widgetTokens({
 *   identify: (req) => (req.session?.user ? { id: req.session.user.id } : null),
 *   providers: { fluz: { apiKey: process.env.FLUZ_API_KEY, apiSecret: process.env.FLUZ_API_SECRET } },
 * }));
 */
export function widgetTokens(options: WidgetTokensOptions): WidgetTokensMiddleware {
  const core = resolveCoreOptions(options);
  const allowed = parseAllowedOrigins(options.allowedOrigins);
  const secrets: string[] = [];
  const logger: Logger = redactingLogger(options.logger ?? console, () => secrets);
  const ownStore = options.store === undefined;
  const store: Store = options.store ?? memoryStore();
  const providerConfigs = requireRecord(options.providers, "providers");

  const instances: ProviderInstance[] = [];
  const routes = new Map<string, Map<string, MountedRoute>>();
  for (const [id, config] of Object.entries(providerConfigs)) {
    if (config === undefined || config === false) continue;
    const definition = PROVIDERS[id];
    if (definition === undefined) {
      throw new WidgetTokensOptionError(
        `providers.${id}`,
        `is not a known provider (known: ${Object.keys(PROVIDERS).join(", ")})`,
      );
    }
    const instance = definition.create(config, {
      option: `providers.${id}`,
      logger,
      store,
      now: core.now,
      registerSecret: (secret) => secrets.push(secret),
    });
    instances.push(instance);
    for (const route of instance.routes) {
      let byMethod = routes.get(route.path);
      if (byMethod === undefined) {
        byMethod = new Map();
        routes.set(route.path, byMethod);
      }
      byMethod.set(route.method, { provider: id, route });
    }
  }
  if (instances.length === 0) {
    throw new WidgetTokensOptionError("providers", "must configure at least one provider");
  }

  const jsonHeaders = apiHeaders();
  const loader: LoaderScript | undefined = core.loader ? readLoaderScript() : undefined;
  const loaderHeaders: HeaderList = [
    ...precomputeHelmetHeaders({ crossOriginResourcePolicy: { policy: "same-site" } }),
    ["Content-Type", "text/javascript; charset=utf-8"],
    ["Cache-Control", "public, max-age=300"],
  ];
  const preflight = preflightHeaders(core.corsAllowHeaders);
  const rateLimit = createRateLimiter(store, core.rateLimitFailOpen, logger);

  async function runRoute(
    mounted: MountedRoute,
    req: Request,
    res: Response,
    cors?: Record<string, string>,
  ) {
    const { route, provider } = mounted;
    checkOrigin(req, allowed);
    await rateLimit(`ip:${clientIp(req)}`, core.perIp);
    const body =
      route.method === "GET" || route.method === "DELETE"
        ? {}
        : await readJsonBody(req, core.bodyLimit);
    const user = checkUser(await core.identify(req));
    if (user === null) throw new WidgetTokensError("UNAUTHENTICATED", "Sign in first");
    await rateLimit(`user:${user.id}`, core.perUser);
    const request = route.parse(body, user);

    const idempotent = route.idempotent ?? route.method === "POST";
    const idem = idempotent
      ? await beginIdempotent(
          store,
          req.headers["idempotency-key"],
          `${route.method} ${route.path}\n${user.id}`,
          body,
        )
      : undefined;
    if (idem?.kind === "replay") {
      sendJson(res, idem.response.status, idem.response.body, jsonHeaders, {
        ...cors,
        "Idempotent-Replayed": "true",
      });
      return;
    }
    try {
      const ctx = { provider, user, request, req };
      if (!(await core.authorize(ctx)) || (route.authorize && !(await route.authorize(ctx)))) {
        throw new WidgetTokensError("FORBIDDEN", "Refused by the merchant's policy");
      }
      const result = await route.handle({ user, request, req, store, logger, now: core.now });
      const status = result.status ?? 201;
      if (idem) {
        const lifeMs = result.expiresAt
          ? result.expiresAt.getTime() - core.now()
          : core.idempotencyTtlMs;
        await idem.complete({ status, body: result.body }, Math.min(core.idempotencyTtlMs, lifeMs));
      }
      sendJson(res, status, result.body, jsonHeaders, cors);
    } catch (err) {
      await idem?.abandon().catch(() => {});
      throw err;
    }
  }

  const middleware = ((req, res, next) => {
    const path = pathOf(req.url);
    if (path === "/loader.js" && loader) {
      serveLoader(req, res, loader, loaderHeaders);
      return;
    }
    const byMethod = routes.get(path);
    const cors = corsHeaders(req, allowed);
    if (byMethod === undefined) {
      sendError(res, new WidgetTokensError("NOT_FOUND", "No such route"), jsonHeaders, logger);
      return;
    }
    if (req.method === "OPTIONS") {
      if (cors === undefined) {
        sendError(
          res,
          new WidgetTokensError("ORIGIN_NOT_ALLOWED", "Cross-origin request refused"),
          jsonHeaders,
          logger,
        );
        return;
      }
      res.statusCode = 204;
      for (const [name, value] of Object.entries({ ...cors, ...preflight }))
        res.setHeader(name, value);
      res.end();
      return;
    }
    const mounted = byMethod.get(req.method ?? "");
    if (mounted === undefined) {
      // An allow-list (the merchant-API proxy) reveals nothing about the methods it does not list.
      const hidden = [...byMethod.values()].some((m) => m.route.allowListed);
      const error = hidden
        ? new WidgetTokensError("NOT_FOUND", "No such route")
        : new WidgetTokensError("METHOD_NOT_ALLOWED", "Method not allowed");
      sendError(res, error, jsonHeaders, logger);
      return;
    }
    runRoute(mounted, req, res, cors).catch((err: unknown) => {
      try {
        sendError(res, err, cors ? [...jsonHeaders, ...Object.entries(cors)] : jsonHeaders, logger);
      } catch (sendErr) {
        next(sendErr);
      }
    });
  }) as WidgetTokensMiddleware;

  middleware.close = async () => {
    await Promise.all(instances.map((i) => i.close?.()));
    if (ownStore) await store.close();
  };
  return middleware;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

function serveLoader(req: Request, res: Response, loader: LoaderScript, headers: HeaderList): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.statusCode = 405;
    res.setHeader("Allow", "GET, HEAD");
    res.end();
    return;
  }
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader("ETag", loader.etag);
  if (req.headers["if-none-match"] === loader.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader("Content-Length", loader.body.length);
  res.end(req.method === "HEAD" ? undefined : loader.body);
}

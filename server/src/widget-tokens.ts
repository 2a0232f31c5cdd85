import { createDispatcher } from "./http/dispatch.js";
import { type MountedRoute, type PipelineSettings, createPipeline } from "./http/pipeline.js";
import { apiHeaders, precomputeHelmetHeaders } from "./http/security-headers.js";
import type { Middleware } from "./http/types.js";
import { readDropInAssets } from "./loader/drop-in-assets.js";
import { serveLoader } from "./loader/serve-loader.js";
import { redactingLogger } from "./logger.js";
import { readCoreOptions } from "./options/core-options.js";
import { readProvidersOptions } from "./options/providers-options.js";
import type { WidgetTokensOptions } from "./options/widget-tokens-options.js";
import type { ProviderInstance } from "./providers/provider.js";
import { memoryStore } from "./stores/memory.js";

/** The middleware, plus `close()` to release the store and provider resources. */
export type WidgetTokensMiddleware = Middleware & {
  /** Stop timers and close connections (the store is closed only if widget-tokens made it). */
  close(): Promise<void>;
};

/**
 * Build the middleware a merchant mounts in the Express (4 or 5) app it
 * already runs. Options are validated here, once: a missing secret or a
 * misspelled key throws at start-up with the option's name.
 *
 * @example
 * import express from "express";
 * import { widgetTokens } from "@widget-tokens/server";
 *
 * const app = express();
 * app.use("/widget-tokens", widgetTokens({
 *   identify: (req) => (req.session?.user ? { id: req.session.user.id } : null),
 *   providers: { fluz: { apiKey: process.env.FLUZ_API_KEY!, apiSecret: process.env.FLUZ_API_SECRET! } },
 * }));
 */
export function widgetTokens(options: WidgetTokensOptions): WidgetTokensMiddleware {
  const core = readCoreOptions(options);
  const configured = readProvidersOptions(options.providers);
  const secrets: string[] = [];
  const logger = redactingLogger(core.logger, () => secrets);
  const store = core.store ?? memoryStore();

  const instances: ProviderInstance[] = [];
  const routes: MountedRoute[] = [];
  for (const { id, option, definition, config } of configured) {
    const instance = definition.create(config as never, {
      option,
      logger,
      store,
      now: core.now,
      registerSecret: (secret) => secrets.push(secret),
    });
    instances.push(instance);
    for (const route of instance.routes) routes.push({ provider: id, route });
  }

  const jsonHeaders = apiHeaders();
  const loader = core.loader
    ? serveLoader(readDropInAssets(), {
        headers: precomputeHelmetHeaders({
          crossOriginResourcePolicy: {
            policy: core.loader.crossOrigin ? "cross-origin" : "same-site",
          },
        }),
        allowedOrigins: core.allowedOrigins,
      })
    : undefined;
  const run = createPipeline({
    store,
    logger,
    now: core.now,
    allowedOrigins: core.allowedOrigins,
    identify: core.identify,
    // Each route's context names its own provider: the union the hook is typed with.
    authorize: core.authorize as PipelineSettings["authorize"],
    perUser: core.rateLimit.perUser,
    perIp: core.rateLimit.perIp,
    rateLimitFailOpen: core.rateLimit.failOpen,
    bodyLimit: core.bodyLimit,
    bodyTimeoutMs: core.bodyTimeoutMs,
    idempotencyTtlMs: core.idempotencyTtlMs,
    jsonHeaders,
  });
  const middleware = createDispatcher({
    routes,
    run,
    allowedOrigins: core.allowedOrigins,
    corsAllowHeaders: core.corsAllowHeaders,
    jsonHeaders,
    logger,
    ...(loader ? { loader } : {}),
  }) as WidgetTokensMiddleware;

  middleware.close = async () => {
    await Promise.all(instances.map((i) => i.close?.()));
    if (core.store === undefined) await store.close();
  };
  return middleware;
}

import { randomBytes } from "node:crypto";
import { WidgetTokensOptionError } from "./errors.js";
import { type ClosableServer, closeServer } from "./http/close-server.js";
import { createDispatcher } from "./http/dispatch.js";
import { createDrain } from "./http/drain.js";
import { type HealthReport, createHealth } from "./http/health.js";
import { checkOrigin } from "./http/origin-policy.js";
import { type MountedRoute, createPipeline } from "./http/pipeline.js";
import { apiHeaders, precomputeHelmetHeaders } from "./http/security-headers.js";
import type { Middleware, Request, Response } from "./http/types.js";
import { type Ledger, createLedger } from "./ledger/ledger.js";
import { readDropInAssets } from "./loader/drop-in-assets.js";
import { serveLoader } from "./loader/serve-loader.js";
import { redactingLogger } from "./logger.js";
import { notificationRoute } from "./notifications/route.js";
import { noopMetrics } from "./observability/metrics.js";
import { observedStore } from "./observability/store.js";
import { activeTraceIds, otelApi } from "./observability/tracing.js";
import { parseOptions } from "./options/parse-options.js";
import type { WidgetTokensOptions } from "./options/widget-tokens-options.js";
import type { Gr4vyConfirmOptions, Gr4vyConfirmation } from "./providers/gr4vy/confirm.js";
import type { Gr4vyInstance } from "./providers/gr4vy/route.js";
import type { ProviderInstance } from "./providers/provider.js";
import { createSecretRegistry } from "./secrets.js";
import { isMemoryStore, memoryStore } from "./stores/memory.js";
import { createSealer } from "./stores/sealer.js";
import { STORE_OPERATIONS } from "./stores/store.js";
import { collectOptionErrors } from "./validation/option-errors.js";

/** The middleware, plus `health()` for a readiness route and a draining `close()`. */
export type WidgetTokensMiddleware = Middleware & {
  /**
   * Drain, then release: new token requests get 503 `SHUTTING_DOWN` at once;
   * in-flight ones may finish for up to `timeoutMs` (default 10 000); then
   * timers and upstream sockets are released (the store only if
   * widget-tokens made it). Calling it again returns the same promise.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * The process is ending: one call ends everything, within `deadlineMs`
   * (default 10 000), and then resolves so the app can exit. It drains as
   * `close()` does and, given the app's HTTP `server`, stops it accepting,
   * closes keep-alive connections after their in-flight answer
   * (`Connection: close`) and idle ones at once, and destroys whatever is
   * still open at the deadline. Then it closes the provider clients and the
   * store, the one you passed in too. Calling it again returns the same promise.
   *
   * @example
   * const server = app.listen(3000);
   * process.once("SIGTERM", () => tokens.shutdown({ server }).then(() => process.exit()));
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
  /**
   * Readiness (`ready`: false only while draining) and the dependencies'
   * last known state: the store checked at most every 5 s (bounded by
   * `healthTimeoutMs`), each provider API as its last call for a request
   * went. Never sends a request to a provider. Never rejects.
   */
  health(): Promise<HealthReport>;
  /**
   * A Kubernetes liveness route: `app.get("/livez", tokens.liveness)`.
   * 200 whenever the process answers; it touches no dependency.
   */
  liveness(req: Request, res: Response): void;
  /**
   * A Kubernetes readiness route: `app.get("/readyz", tokens.readiness)`.
   * 200, or 503 once draining; the body is the health report as last known
   * (it never waits on a dependency, and a dependency down stays 200).
   */
  readiness(req: Request, res: Response): void;
  /**
   * `allowedOrigins` for the app's own `cors()`, so the list is written once:
   * `app.use(cors({ origin: tokens.corsOrigin, credentials: true }))`.
   * Allows exactly the listed origins (and, like `cors()`, a request without
   * an `Origin`). The middleware answers its own preflights without it.
   */
  corsOrigin(
    origin: string | undefined,
    callback: (err: Error | null, allow?: boolean) => void,
  ): void;
  /** The ledger of issued pre-approvals: `lookup(key)` and `settle(key, …)` (docs/ledger.md). */
  ledger: Ledger;
  /**
   * Read a Gr4vy transaction back (API token, `transactions.read`), check it
   * against what the embed token pinned, and settle its ledger entry
   * (docs/providers/gr4vy.md). Rejects when Gr4vy is not configured.
   */
  confirmGr4vyTransaction(id: string, options: Gr4vyConfirmOptions): Promise<Gr4vyConfirmation>;
};

/** `middleware.shutdown()`'s options. */
export interface ShutdownOptions {
  /** The app's HTTP server (`app.listen()`'s result): closed within the deadline too. */
  server?: ClosableServer;
  /** Everything has ended by then, ms. Default 10 000. */
  deadlineMs?: number;
}

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
  // Every option problem, the providers' included, is reported at once.
  return collectOptionErrors(({ attempt, failed }) => build(options, attempt, failed));
}

function build(
  options: WidgetTokensOptions,
  attempt: <R>(step: () => R) => R | undefined,
  failed: () => boolean,
): WidgetTokensMiddleware {
  const config = parseOptions(options);
  const configured = config.providers;
  const secrets = createSecretRegistry();
  for (const secret of config.idempotency.sealingSecrets ?? []) secrets.redact(() => [secret]);
  const logger = redactingLogger(config.logger, secrets.all, activeTraceIds);
  const store = config.store ?? memoryStore({ logger });
  // What requests use: each operation timed when metrics are on, traced when a request is.
  const metrics = config.metrics;
  const observed = metrics !== noopMetrics;
  if (isMemoryStore(store)) metrics.watchMemoryStore(store);
  const requestStore =
    observed || otelApi()
      ? observedStore(store, STORE_OPERATIONS, observed ? metrics : undefined)
      : store;

  const ledger = createLedger(requestStore, config.ledger, {
    now: config.now,
    logger,
  });

  const instances: ProviderInstance[] = [];
  const routes: MountedRoute[] = [];
  for (const { id, option, definition, config: providerConfig } of configured) {
    const instance = attempt(() =>
      definition.create(providerConfig as never, {
        option,
        logger,
        store: requestStore,
        ledger,
        now: config.now,
        registerSecret: secrets.register,
        redactSecrets: secrets.redact,
        configuredSecrets: secrets.all,
      }),
    );
    if (instance === undefined) continue;
    instances.push(instance);
    for (const route of instance.routes) routes.push({ provider: id, route });
  }

  if (failed()) {
    // Nothing is served: free what was started, and let the collected problems throw.
    void Promise.all(instances.map((i) => i.close?.(false))).catch(() => {});
    if (config.store === undefined) void store.close().catch(() => {});
    return undefined as never;
  }

  const jsonHeaders = apiHeaders();
  const loader = config.loader
    ? serveLoader(
        readDropInAssets(
          config.loader.path,
          configured.map(({ id }) => id),
        ),
        {
          headers: precomputeHelmetHeaders({
            crossOriginResourcePolicy: {
              policy: config.loader.crossOrigin ? "cross-origin" : "same-site",
            },
          }),
          allowedOrigins: config.allowedOrigins,
          originAllowed: (req) => {
            try {
              checkOrigin(req as Request, config.allowedOrigins);
              return true;
            } catch {
              return false;
            }
          },
        },
      )
    : undefined;
  const drain = createDrain(observed ? metrics : undefined);
  const health = createHealth({
    store,
    providers: configured.map(({ id }, i) => ({
      id,
      upstream: instances[i]?.callsUpstream === true,
    })),
    timeoutMs: config.healthTimeoutMs,
    now: config.now,
    draining: () => drain.draining,
  });
  const run = createPipeline(config, {
    store: requestStore,
    logger,
    observer: { metrics, logger, dependencies: health },
    sealer: createSealer(
      config.idempotency.sealingSecrets ?? [defaultSealingSecret(secrets.registered())],
    ),
    jsonHeaders,
  });
  const inbound = instances.flatMap((instance) =>
    instance.notifications
      ? [
          notificationRoute(instance.notifications, {
            ledger,
            limits: config.body,
            now: config.now,
            jsonHeaders,
          }),
        ]
      : [],
  );
  const middleware = createDispatcher({
    drain,
    routes,
    inbound,
    run,
    allowedOrigins: config.allowedOrigins,
    corsAllowHeaders: config.corsAllowHeaders,
    jsonHeaders,
    logger,
    ...(loader ? { loader } : {}),
    ...(observed ? { metrics } : {}),
  }) as WidgetTokensMiddleware;

  middleware.ledger = { lookup: ledger.lookup, settle: ledger.settle };
  const gr4vy = configured.findIndex(({ id }) => id === "gr4vy");
  const gr4vyInstance = gr4vy === -1 ? undefined : (instances[gr4vy] as Gr4vyInstance);
  middleware.confirmGr4vyTransaction = (id, confirmOptions) =>
    gr4vyInstance
      ? gr4vyInstance.confirmTransaction(id, confirmOptions)
      : Promise.reject(new WidgetTokensOptionError("providers.gr4vy", "is not configured"));

  /** Free timers, upstream sockets and the store: the one passed in too when `everything`. */
  const release = async (everything: boolean) => {
    await Promise.all(instances.map((i) => i.close?.(everything)));
    if (everything || config.store === undefined) await store.close();
  };
  const drainFor = async (timeoutMs: number) => {
    const left = await drain.drain(timeoutMs);
    if (left > 0) {
      logger.warn(
        `widget-tokens: closing with ${left} request(s) still in flight after ${timeoutMs} ms`,
      );
    }
  };
  let closing: Promise<void> | undefined;
  middleware.close = (closeOptions) => {
    closing ??= drainFor(closeOptions?.timeoutMs ?? 10_000).then(() => release(false));
    return closing;
  };
  let shuttingDown: Promise<void> | undefined;
  middleware.shutdown = (shutdownOptions) => {
    shuttingDown ??= shutdown(shutdownOptions ?? {});
    return shuttingDown;
  };
  async function shutdown({ server, deadlineMs = 10_000 }: ShutdownOptions): Promise<void> {
    if (typeof deadlineMs !== "number" || !(deadlineMs > 0) || !Number.isFinite(deadlineMs)) {
      throw new WidgetTokensOptionError("shutdown.deadlineMs", "must be a positive number of ms");
    }
    if (server !== undefined && typeof server?.closeAllConnections !== "function") {
      throw new WidgetTokensOptionError("shutdown.server", "must be a node:http server");
    }
    const ends = performance.now() + deadlineMs;
    const drained = drainFor(deadlineMs);
    drain.closeConnectionsAfterAnswers();
    await Promise.all([drained, server ? closeServer(server, deadlineMs) : undefined]);
    // Whatever time is left bounds the release (a store that cannot answer is dropped).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      release(true),
      new Promise((r) => {
        timer = setTimeout(r, Math.max(0, ends - performance.now()));
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
  middleware.corsOrigin = (origin, callback) =>
    callback(null, origin === undefined || config.allowedOrigins.has(origin));
  middleware.health = () => health.report();
  middleware.liveness = (_req, res) => sendProbe(res, 200, { status: "ok" });
  middleware.readiness = (_req, res) => {
    const report = health.snapshot();
    sendProbe(res, report.ready ? 200 : 503, report);
  };
  return middleware;
}

/** A probe's answer: JSON, never cached. */
function sendProbe(res: Response, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * The default sealing secret: every configured provider secret, in a fixed
 * order, so every instance with the same configuration derives the same key.
 * Without any (a merchant-API client of your own alone), a random one: then
 * only this process can replay its records.
 */
function defaultSealingSecret(secrets: readonly string[]): string {
  if (secrets.length === 0) return randomBytes(32).toString("base64url");
  return [...secrets].sort().join("\n");
}

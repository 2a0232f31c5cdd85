import { AccessError, storeUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";
import {
  type ObservedRoute,
  type RequestObserver,
  observeRequest,
} from "../observability/request.js";
import type { Sealer } from "../stores/sealer.js";
import type { Store } from "../stores/store.js";
import { checkUser } from "../user.js";
import { callHook } from "./hook-failure.js";
import type { IdempotencySettings } from "./idempotency-options.js";
import { beginIdempotent, inProgressLifetimeMs } from "./idempotency.js";
import { signedOut } from "./missing-credentials.js";
import { checkOrigin } from "./origin-policy.js";
import type { RateLimitSettings } from "./rate-limit-options.js";
import { createRateLimiter } from "./rate-limit.js";
import type { BodyReadLimits } from "./read-body-stream.js";
import { createJsonBodyReader } from "./read-json-body.js";
import { type HeaderList, sendJson } from "./respond.js";
import type { HookRequest, ProviderRoute, RouteAuthorizeContext } from "./route.js";
import type { Request, Response } from "./types.js";

/** A provider's route, as mounted: which provider it belongs to. */
export interface MountedRoute {
  provider: string;
  route: ProviderRoute;
}

/**
 * The pipeline's part of the options, read once (`parseOptions`): the
 * configuration is handed over as it is, never copied field by field.
 */
export interface PipelineConfig {
  /** `allowedOrigins`, parsed. */
  allowedOrigins: ReadonlySet<string>;
  identify: (req: HookRequest) => unknown;
  authorize: (ctx: RouteAuthorizeContext) => boolean | Promise<boolean>;
  rateLimit: RateLimitSettings;
  /** `bodyLimit` and `bodyTimeoutMs`. */
  body: BodyReadLimits;
  idempotency: IdempotencySettings;
  now: () => number;
}

/** What the pipeline runs on besides its configuration: the services built from it. */
export interface PipelineServices {
  store: Store;
  /** The redacting logger. */
  logger: Logger;
  /** Seals the answers idempotency records replay (they hold tokens). */
  sealer: Sealer;
  /** Headers of every JSON answer, precomputed. */
  jsonHeaders: HeaderList;
  /** Metrics, spans and structured log events per request; absent: none. */
  observer?: RequestObserver;
}

/** Run one route for one request; errors are the caller's to answer. */
export type RunRoute = (
  mounted: MountedRoute,
  req: Request,
  res: Response,
  cors: Record<string, string> | undefined,
) => Promise<void>;

/**
 * The per-request pipeline, in its documented order: origin → per-IP rate
 * limit → body → `identify` → per-user rate limit → the route's `parse` →
 * idempotency → `authorize` (the merchant's, then the route's) → `handle`
 * → the JSON answer. Cheap refusals first; nothing is minted on any error.
 *
 * Deadlines: a request waits for an unavailable store once. The first store
 * operation that fails ends it with 503 (within the store's `timeoutMs`);
 * a rate limit failing open is that one wait, and the rest of the request
 * then treats the store as unavailable without asking again. Freeing an
 * `Idempotency-Key` after an error is never awaited. Once `handle` has
 * minted (and `onIssued` accepted), the client gets its answer even when the
 * replay record cannot be written (a warning is logged): the answer never
 * waits for more than `timeoutMs` plus the route's own work.
 *
 * @example
 * const run = createPipeline(parseOptions(options), { store, logger, sealer, jsonHeaders });
 * run({ provider: "fluz", route }, req, res, undefined).catch((err) => sendError(res, err, headers, logger));
 */
export function createPipeline(config: PipelineConfig, services: PipelineServices): RunRoute {
  const { now, allowedOrigins, identify, authorize, rateLimit: limits, idempotency } = config;
  const { store, logger, sealer, jsonHeaders, observer } = services;
  const rateLimit = createRateLimiter(store, limits.failOpen, logger);
  const readBody = createJsonBodyReader(config.body, logger);
  const storeTimeoutMs = store.timeoutMs ?? 0;

  if (observer !== undefined) {
    // What each route is observed as, built on its first request: nothing allocated per request.
    const observed = new WeakMap<MountedRoute, ObservedRoute>();
    const observedAs = (mounted: MountedRoute): ObservedRoute => {
      let route = observed.get(mounted);
      if (route === undefined) {
        route = {
          provider: mounted.provider,
          path: mounted.route.path,
          allowListed: mounted.route.allowListed,
          callsUpstream: (mounted.route.deadlineMs ?? 0) > 0,
        };
        observed.set(mounted, route);
      }
      return route;
    };
    return (mounted, req, res, cors) =>
      observeRequest(observer, observedAs(mounted), res, () => runRoute(mounted, req, res, cors));
  }
  return runRoute;

  async function runRoute(
    mounted: MountedRoute,
    req: Request,
    res: Response,
    cors: Record<string, string> | undefined,
  ): Promise<void> {
    const { route, provider } = mounted;
    checkOrigin(req, allowedOrigins);
    // False when a limit check could not reach the store and failed open.
    // (Off: no key is built, so the client's address is never worked out.)
    let storeAnswered =
      limits.perIp === false || (await rateLimit(`ip:${clientIp(req)}`, limits.perIp));
    const body = route.method === "GET" || route.method === "DELETE" ? {} : await readBody(req);
    // Mounted in an Express app, the request is Express's: what the hooks are typed with.
    const hookReq = req as unknown as HookRequest;
    const user = checkUser(await callHook("identify", () => identify(hookReq)));
    if (user === null) throw signedOut(req);
    if (storeAnswered && limits.perUser !== false) {
      storeAnswered = await rateLimit(`user:${user.id}`, limits.perUser);
    }
    const request = route.parse(body, user);
    // The store already failed this request: it is not waited for a second time.
    const routeStore = storeAnswered ? store : unavailableStore;

    const idempotencyKey = req.headers["idempotency-key"];
    const idempotent = route.idempotent ?? route.method === "POST";
    const markerMs = inProgressLifetimeMs(route.deadlineMs ?? 0, storeTimeoutMs);
    const idem =
      idempotent && idempotencyKey !== undefined
        ? await beginIdempotent(
            routeStore,
            idempotencyKey,
            `${route.method} ${route.path}\n${user.id}`,
            body,
            markerMs,
            sealer,
            () =>
              logger.warn(
                `widget-tokens: could not free an Idempotency-Key after a failed request (store unavailable); a retry gets 409 until its in-progress marker expires (at most ${markerMs} ms)`,
              ),
            route.rebuild && ((ref) => route.rebuild!(ref, user)),
          )
        : undefined;
    if (idem?.kind === "replay") {
      sendJson(res, idem.response.status, idem.response.body, jsonHeaders, {
        ...cors,
        "Idempotent-Replayed": "true",
      });
      return;
    }
    let result: Awaited<ReturnType<typeof route.handle>>;
    try {
      const ctx: RouteAuthorizeContext = { provider, user, request, req: hookReq };
      const routeAuthorize = route.authorize;
      const allowed =
        (await callHook("authorize", () => authorize(ctx))) &&
        (!routeAuthorize ||
          (await callHook(`providers.${provider}.authorize`, () => routeAuthorize(ctx))));
      if (!allowed) {
        throw new AccessError("FORBIDDEN", "Refused by the merchant's policy");
      }
      result = await route.handle({ user, request, req: hookReq, store: routeStore, logger, now });
    } catch (err) {
      idem?.abandon();
      throw err;
    }
    // Minted: from here on the client gets its token, whatever the store does.
    const status = result.status ?? 201;
    if (idem) {
      const lifeMs = result.expiresAt ? result.expiresAt.getTime() - now() : idempotency.ttlMs;
      try {
        await idem.complete(
          { status, body: result.body, replayRef: result.replayRef },
          Math.min(idempotency.ttlMs, lifeMs),
        );
      } catch {
        logger.warn(
          `widget-tokens: ${route.method} ${route.path} answered ${status} without its replay record (store unavailable); a retry with this Idempotency-Key gets 409 for at most ${markerMs} ms, then is served anew`,
        );
      }
    }
    sendJson(res, status, result.body, jsonHeaders, cors);
  }
}

const storeDown = (): Promise<never> => Promise.reject(storeUnavailable());

/**
 * What a request sees once the store failed it: every operation refused at
 * once. Nothing was written through it, so a release has nothing to free.
 */
const unavailableStore: Store = {
  get: storeDown,
  set: storeDown,
  delete: storeDown,
  replace: storeDown,
  increment: storeDown,
  acquireLock: storeDown,
  releaseLock: async () => {},
  close: async () => {},
};

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

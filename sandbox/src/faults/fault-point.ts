import type { Request, RequestHandler, Response } from "express";
import { type SandboxHooks, scopeOf } from "../hooks.js";
import type { ReceivedToken } from "../inspect/received-token.js";
import type { SandboxProviderId } from "../provider-ids.js";
import type { FaultPlan } from "./fault-registry.js";
import type { FaultKind, FaultRule } from "./fault-spec.js";
import { sendGarbage } from "./garbage.js";

/** How one provider route obeys the fault switches. */
export interface FaultPointOptions {
  provider: SandboxProviderId;
  /** Whom the request is for, read before the route runs (an unverified decode is enough). */
  userOf?: (req: Request) => string | undefined;
  /** The provider's own 500 answer (status already set). */
  serverError: (res: Response) => void;
  /**
   * The provider's own refusal, sent instead of the route's success answer
   * (`body`). Routes without one ignore `decline`.
   */
  decline?: (res: Response, body: unknown, req: Request) => void;
  /** `garbage` `wrong-shape`: JSON the client cannot use. Default `{"status": "ok"}`. */
  wrongShape?: (body: unknown) => unknown;
  /** Switches that win over the registry's (the Jackpot control object's). */
  override?: () => Partial<FaultPlan>;
}

/** What a fault point decided for the request, for the token records. */
interface Applied {
  plan: FaultPlan;
  records: ReceivedToken[];
}

/** The fault plan a fault point stored on the response, if any. */
export function appliedFaults(res: Response): Applied | undefined {
  return res.locals.sandboxFaults as Applied | undefined;
}

/** Note that a received token's answer was shaped by `kind`. */
function mark(applied: Applied, kind: FaultKind) {
  for (const record of applied.records) if (!record.faults.includes(kind)) record.faults.push(kind);
}

const sleep = (res: Response, ms: number) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once("close", done);
  });

/**
 * Middleware in front of a provider route that obeys the fault switches:
 * `slow` waits before the route runs (a client that gave up by then gets
 * nothing done); `500`, `garbage`, `reset` and `decline` replace the
 * route's success answer, after the route did its work (tokens are
 * verified, recorded and spent, as when a provider fails after acting).
 * Refusals (4xx) of the route are answered as they are.
 *
 * @example
 * router.post("/fluz/api/verify", json, faultPoint(hooks, { provider: "fluz", serverError }), handler);
 */
export function faultPoint(hooks: SandboxHooks, o: FaultPointOptions): RequestHandler {
  return async (req, res, next) => {
    const target = { scope: scopeOf(req), user: o.userOf?.(req) };
    const planned = { ...hooks.faults.plan(o.provider, target), ...o.override?.() };
    const failure: FaultRule | null =
      planned.failure?.kind === "decline" && !o.decline ? null : (planned.failure ?? null);
    const applied: Applied = { plan: { slow: planned.slow ?? null, failure }, records: [] };
    res.locals.sandboxFaults = applied;

    if (applied.plan.slow) {
      hooks.faults.spend(applied.plan.slow);
      await sleep(res, applied.plan.slow.ms ?? 0);
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (failure) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        res.json = json;
        if (res.statusCode >= 400) return json(body);
        hooks.faults.spend(failure);
        mark(applied, failure.kind);
        switch (failure.kind) {
          case "reset":
            req.socket.destroy();
            return res;
          case "500":
            res.status(500);
            o.serverError(res);
            return res;
          case "garbage":
            sendGarbage(
              res,
              failure.shape ?? "html",
              body,
              o.wrongShape ?? (() => ({ status: "ok" })),
            );
            return res;
          default:
            o.decline!(res, body, req);
            return res;
        }
      };
    }
    next();
  };
}

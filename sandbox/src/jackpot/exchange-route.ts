import { JWT_BEARER_GRANT } from "@widget-tokens/shared";
import type { Request, RequestHandler, Response } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { controlPlan } from "./control-plan.js";
import type { JackpotExchangeRecord } from "./control.js";
import { openSession } from "./open-session.js";
import type { JackpotState } from "./state.js";
import { summarizeJackpot } from "./summarize.js";
import { GrantError } from "./verify-assertion.js";

/** How one version of the token API reads its request and shapes its answer. */
export interface ExchangeShape {
  read(req: Request): { clientId: unknown; grantType?: unknown; assertion: unknown };
  answer(res: Response, token: string): void;
  /** The field of the answer that carries the session token (dropped by the `wrong-shape` fault). */
  tokenField: string;
}

const serverError = (res: Response) => {
  res.json({ error: "server_error", error_description: "Internal error" });
};

/** Record the exchange in the control's ledger, with the status once answered. */
function ledger(state: JackpotState, shape: ExchangeShape): RequestHandler {
  return (req, res, next) => {
    const { clientId, assertion } = shape.read(req);
    const record: JackpotExchangeRecord = {
      assertion: typeof assertion === "string" ? assertion : "",
      clientId,
      status: 0,
      at: Date.now(),
    };
    state.control.exchanges.push(record);
    res.locals.jackpotExchange = record;
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    next();
  };
}

/** The fault switches, the control's winning over `sandbox.faults`. */
function exchangeFaults(state: JackpotState, shape: ExchangeShape): RequestHandler {
  return faultPoint(state.hooks, {
    provider: "jackpot",
    serverError,
    userOf: (req) => {
      const userId = decodeLoosely(String(shape.read(req).assertion ?? "")).claims?.userId;
      return typeof userId === "string" ? userId : undefined;
    },
    decline: (res) => {
      (res.locals.jackpotExchange as JackpotExchangeRecord).error = "invalid_grant";
      res.status(400).json({
        error: "invalid_grant",
        error_description: "The exchange was refused (sandbox decline switch)",
      });
    },
    wrongShape: (body) => {
      const { [shape.tokenField]: _token, ...rest } = body as Record<string, unknown>;
      return rest;
    },
    override: () => controlPlan(state.control),
  });
}

/** Check the client and the grant, then the assertion (through the inspector), and answer. */
function exchange(state: JackpotState, shape: ExchangeShape): RequestHandler {
  return async (req, res) => {
    const { clientId, grantType, assertion } = shape.read(req);
    res.set("Cache-Control", "no-store").set("Pragma", "no-cache");
    const receipt = {
      provider: "jackpot",
      kind: "assertion",
      token: assertion,
      summarize: (claims: Record<string, unknown> | null) => summarizeJackpot(claims, state.maxAge),
    } as const;
    const got = await receiveToken(state.hooks, req, res, receipt, async (now) => {
      if (grantType !== undefined && grantType !== JWT_BEARER_GRANT) {
        throw new GrantError(
          "unsupported_grant_type",
          "grant_type must be the JWT-bearer grant",
          400,
          {
            verdict: "malformed",
            reason: `grant_type ${JSON.stringify(grantType)}`,
          },
        );
      }
      if (clientId !== state.options.apiKey) {
        throw new GrantError("invalid_client", "client authentication failed", 401, {
          verdict: "wrong-audience",
          reason: "client_id (X-Api-Key on v1) is not this account's apiKey",
        });
      }
      return openSession(state, assertion, now);
    });
    if (!got.ok) {
      if (!(got.error instanceof GrantError)) throw got.error;
      (res.locals.jackpotExchange as JackpotExchangeRecord).error = got.error.error;
      res.status(got.error.status).json({
        error: got.error.error,
        error_description: got.error.description,
      });
      return;
    }
    shape.answer(res, got.value.token);
  };
}

/**
 * One version of the token API: the ledger, the faults, the exchange.
 *
 * @example
 * router.post("/jackpot/v1/token", json, exchangeRoute(state, v1Shape));
 */
export function exchangeRoute(state: JackpotState, shape: ExchangeShape): RequestHandler[] {
  return [ledger(state, shape), exchangeFaults(state, shape), exchange(state, shape)];
}

import { randomUUID } from "node:crypto";
import express, { type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { type FluzState, type VerifyAnswer, serverError } from "./state.js";
import { summarizeFluz } from "./summarize.js";
import { PatTokenError, verifyPatToken } from "./verify-pat-token.js";

/**
 * Verify a patToken and spend its `jti`: a patToken opens the widget once.
 * The same token sent again by the same widget session (`widgetSession`:
 * one modal, as when the browser re-sends a POST whose connection was
 * reset) is answered as the first time, as Fluz's idempotent API does;
 * from another modal it is refused as already used.
 */
async function spendPatToken(
  state: FluzState,
  token: unknown,
  widgetSession: string | undefined,
  judgedAt: number,
): Promise<VerifyAnswer> {
  const claims = await verifyPatToken(token, state.secret, state.options.apiKey, judgedAt);
  const now = Date.now();
  for (const [jti, spent] of state.usedJti) if (spent.exp < now) state.usedJti.delete(jti);
  const spent = state.usedJti.get(claims.jti);
  if (spent) {
    if (widgetSession !== undefined && spent.widgetSession === widgetSession) return spent.answer;
    throw new PatTokenError(
      "TOKEN_ALREADY_USED",
      "This patToken was already used to open a Fluz window: ask the merchant for a new one",
      {
        verdict: "replayed",
        reason: `jti ${claims.jti} was already used: a patToken opens the widget once (only the widget session that spent it may send it again)`,
      },
    );
  }
  const answer: VerifyAnswer = {
    sessionId: randomUUID(),
    amount: claims.amount,
    transactionType: claims.transactionType,
    externalId: claims.externalId,
    jti: claims.jti,
  };
  state.usedJti.set(claims.jti, {
    exp: claims.exp * 1000,
    user: claims.externalId,
    widgetSession,
    answer,
  });
  state.sessions.set(answer.sessionId, { ...claims, confirmed: false });
  return answer;
}

/** The modal's id for itself: a UUID it makes when it loads, sent with its requests. */
const widgetSessionOf = (value: unknown) =>
  typeof value === "string" && /^[\w-]{8,64}$/.test(value) ? value : undefined;

/**
 * `POST /fluz/api/verify` (`{token, widgetSession}`): checks the patToken,
 * spends its `jti`, and opens the transfer it describes.
 *
 * @example
 * mountVerify(router, state);
 */
export function mountVerify(router: Router, state: FluzState): void {
  const faults = faultPoint(state.hooks, {
    provider: "fluz",
    serverError,
    userOf: (req) => {
      const externalId = decodeLoosely(String(req.body?.token ?? "")).claims?.externalId;
      return typeof externalId === "string" ? externalId : undefined;
    },
  });
  router.post("/fluz/api/verify", express.json({ limit: "8kb" }), faults, async (req, res) => {
    const token = req.body?.token;
    const receipt = {
      provider: "fluz",
      summarize: summarizeFluz,
      kind: "patToken",
      token,
    } as const;
    const got = await receiveToken(state.hooks, req, res, receipt, (now) =>
      spendPatToken(state, token, widgetSessionOf(req.body?.widgetSession), now),
    );
    if (!got.ok) {
      const err = got.error;
      const code = err instanceof PatTokenError ? err.code : "INVALID_TOKEN";
      const message = err instanceof PatTokenError ? err.message : "patToken is invalid";
      res.status(401).json({ error: { code, message } });
      return;
    }
    res.json(got.value);
  });
}

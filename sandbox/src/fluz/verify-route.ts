import { randomUUID } from "node:crypto";
import express, { type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { type FluzState, serverError } from "./state.js";
import { summarizeFluz } from "./summarize.js";
import { PatTokenError, verifyPatToken } from "./verify-pat-token.js";

/** Verify a patToken and spend its `jti`: a patToken opens the widget once. */
async function spendPatToken(state: FluzState, token: unknown) {
  const claims = await verifyPatToken(token, state.secret, state.options.apiKey);
  const now = Date.now();
  for (const [jti, exp] of state.usedJti) if (exp < now) state.usedJti.delete(jti);
  if (state.usedJti.has(claims.jti)) {
    throw new PatTokenError("TOKEN_ALREADY_USED", "This patToken was already used", {
      verdict: "replayed",
      reason: `jti ${claims.jti} was already used: a patToken opens the widget once`,
    });
  }
  state.usedJti.set(claims.jti, claims.exp * 1000);
  return claims;
}

/**
 * `POST /fluz/api/verify`: checks the patToken, spends its `jti`, and opens
 * the transfer it describes.
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
    const got = await receiveToken(state.hooks, req, res, receipt, () =>
      spendPatToken(state, token),
    );
    if (!got.ok) {
      const err = got.error;
      const code = err instanceof PatTokenError ? err.code : "INVALID_TOKEN";
      const message = err instanceof PatTokenError ? err.message : "patToken is invalid";
      res.status(401).json({ error: { code, message } });
      return;
    }
    const claims = got.value;
    const sessionId = randomUUID();
    state.sessions.set(sessionId, { ...claims, confirmed: false });
    res.json({
      sessionId,
      amount: claims.amount,
      transactionType: claims.transactionType,
      externalId: claims.externalId,
      jti: claims.jti,
    });
  });
}

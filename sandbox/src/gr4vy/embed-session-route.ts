import { randomUUID } from "node:crypto";
import type { Gr4vyEmbedClaim } from "@widget-tokens/shared";
import express, { type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { type Gr4vyState, sendError, serverError } from "./state.js";
import { summarizeGr4vy } from "./summarize.js";
import { checkPinnedOptions, verifyEmbedToken } from "./verify-embed-token.js";

/** The buyer an embed token names, unverified (whom a fault switch aims at). */
function buyerOf(token: unknown): string | undefined {
  const embed = decodeLoosely(String(token ?? "")).claims?.embed as
    | Record<string, unknown>
    | undefined;
  const buyer = embed?.buyer_external_identifier ?? embed?.buyer_id;
  return typeof buyer === "string" ? buyer : undefined;
}

/**
 * `POST /gr4vy/api/embed-session`: verifies the embed token and the
 * options the page pinned, and opens a payment form session.
 *
 * @example
 * mountEmbedSession(router, state);
 */
export function mountEmbedSession(router: Router, state: Gr4vyState): void {
  const { sessions } = state;
  const faults = faultPoint(state.hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => buyerOf(req.body?.token),
  });
  router.post(
    "/gr4vy/api/embed-session",
    express.json({ limit: "64kb" }),
    faults,
    async (req, res) => {
      const token = req.body?.token;
      const receipt = {
        provider: "gr4vy",
        summarize: summarizeGr4vy,
        kind: "embed",
        token,
      } as const;
      const got = await receiveToken(state.hooks, req, res, receipt, async (now) => {
        const verified = await verifyEmbedToken(token, state.publicKey, now);
        checkPinnedOptions(verified, req.body?.options);
        return verified;
      });
      if (!got.ok) return sendError(res, got.error);
      const now = Date.now();
      for (const [id, s] of sessions) if (s.token.exp * 1000 < now) sessions.delete(id);
      const sessionId = randomUUID();
      sessions.set(sessionId, { token: got.value, used: false });
      const embed: Gr4vyEmbedClaim = got.value.embed;
      res.json({
        sessionId,
        amount: embed.amount,
        currency: embed.currency,
        cartItems: embed.cart_items ?? [],
      });
    },
  );
}

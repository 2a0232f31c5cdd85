import { randomUUID } from "node:crypto";
import express, { type Router } from "express";
import { judgingTime } from "../faults/clock.js";
import { faultPoint } from "../faults/fault-point.js";
import { scopeOf } from "../hooks.js";
import { receiveToken } from "../inspect/receive-token.js";
import { restTransaction } from "./rest-transaction.js";
import { type Gr4vyState, type SandboxGr4vyTransaction, sendError, serverError } from "./state.js";
import { summarizeGr4vy } from "./summarize.js";
import { cardOutcome } from "./test-cards.js";
import { bearerOf, checkApiToken } from "./verify-api-token.js";
import { EmbedTokenError } from "./verify-embed-token.js";

/**
 * `POST /gr4vy/api/transactions`: the card payment of a payment form
 * session (see `GR4VY_TEST_CARDS`; the `decline` fault declines any card).
 *
 * @example
 * mountPayment(router, state);
 */
export function mountPayment(router: Router, state: Gr4vyState): void {
  const { sessions, transactions } = state;
  const faults = faultPoint(state.hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => {
      const id = req.body?.sessionId;
      const embed = typeof id === "string" ? sessions.get(id)?.token.embed : undefined;
      return embed?.buyer_external_identifier ?? embed?.buyer_id;
    },
    decline: (res, body) => {
      // The stored transaction is the body: the merchant reads the decline back too.
      (body as SandboxGr4vyTransaction).status = "authorization_declined";
      res.json(body);
    },
  });
  router.post("/gr4vy/api/transactions", express.json({ limit: "4kb" }), faults, (req, res) => {
    const id = typeof req.body?.sessionId === "string" ? req.body.sessionId : "";
    const session = sessions.get(id);
    if (!session || session.used) {
      sendError(res, new EmbedTokenError("bad_request", 400, "No such payment form session"));
      return;
    }
    // The embed token still has to be good when the buyer pays (an `expire` switch: it is not).
    const embed = session.token.embed;
    const { now } = judgingTime(state.hooks, "gr4vy", {
      scope: scopeOf(req),
      user: embed.buyer_external_identifier ?? embed.buyer_id,
    });
    if (session.token.exp * 1000 <= now) {
      sendError(res, new EmbedTokenError("unauthorized", 401, "The embed token has expired"));
      return;
    }
    const card = req.body?.card ?? {};
    const number = typeof card.number === "string" ? card.number : "";
    if (
      !/^\d{12,19}$/.test(number) ||
      typeof card.cvv !== "string" ||
      !/^\d{3,4}$/.test(card.cvv)
    ) {
      sendError(res, new EmbedTokenError("bad_request", 400, "The card details are invalid"));
      return;
    }
    session.used = true;
    const outcome = cardOutcome(number);
    const tx: SandboxGr4vyTransaction = {
      type: "transaction",
      id: randomUUID(),
      status: outcome.status,
      amount: embed.amount,
      currency: embed.currency,
      buyer:
        embed.buyer_id || embed.buyer_external_identifier
          ? { id: embed.buyer_id, externalIdentifier: embed.buyer_external_identifier }
          : null,
      metadata: embed.metadata ?? null,
      cartItems: embed.cart_items ?? null,
      paymentMethod: {
        type: "payment-method",
        id: randomUUID(),
        method: "card",
        scheme: outcome.scheme,
        label: number.slice(-4),
      },
      checkoutSessionId: session.token.checkoutSessionId ?? null,
      createdAt: new Date().toISOString(),
    };
    transactions.set(tx.id, tx);
    res.status(201).json(tx);
  });
}

/**
 * `GET /gr4vy/api/transactions/:id`: what a merchant's server reads back,
 * with an ES512 API token of its own key and the `transactions.read` scope.
 *
 * @example
 * mountTransactionRead(router, state);
 */
export function mountTransactionRead(router: Router, state: Gr4vyState): void {
  const { transactions } = state;
  const faults = faultPoint(state.hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => {
      const buyer = transactions.get(String(req.params.id))?.buyer;
      return buyer?.externalIdentifier ?? buyer?.id;
    },
  });
  router.get("/gr4vy/api/transactions/:id", faults, async (req, res) => {
    const authorization = req.headers.authorization;
    const token = bearerOf(authorization) ?? "";
    const receipt = { provider: "gr4vy", summarize: summarizeGr4vy, kind: "api", token } as const;
    const got = await receiveToken(state.hooks, req, res, receipt, (now) =>
      checkApiToken(authorization, state.publicKey, "transactions.read", now),
    );
    if (!got.ok) {
      res.status(401).json({
        error: { type: "error", status: 401, code: "unauthorized", message: "No valid API token" },
      });
      return;
    }
    const tx = transactions.get(String(req.params.id));
    if (!tx) {
      res.status(404).json({
        error: { type: "error", status: 404, code: "not_found", message: "No such transaction" },
      });
      return;
    }
    res.json(restTransaction(tx));
  });
}

import { randomBytes } from "node:crypto";
import express, { type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { notifyConfirmed } from "./notifications.js";
import { type FluzState, serverError } from "./state.js";

/**
 * `POST /fluz/api/confirm`: approves an open transfer, once (the `decline`
 * fault refuses it: 402 `TRANSFER_DECLINED`), and sends the merchant's
 * server Fluz's webhooks for it (`notifyConfirmed`).
 *
 * @example
 * mountConfirm(router, state);
 */
export function mountConfirm(router: Router, state: FluzState): void {
  const sessionOf = (id: unknown) => (typeof id === "string" ? state.sessions.get(id) : undefined);
  const faults = faultPoint(state.hooks, {
    provider: "fluz",
    serverError,
    userOf: (req) => sessionOf(req.body?.sessionId)?.externalId,
    decline: (res) => {
      res.status(402).json({
        error: {
          code: "TRANSFER_DECLINED",
          message: "Fluz declined this transfer (sandbox decline switch)",
        },
      });
    },
  });
  router.post("/fluz/api/confirm", express.json({ limit: "2kb" }), faults, (req, res) => {
    const session = sessionOf(req.body?.sessionId);
    if (!session || session.confirmed) {
      res
        .status(404)
        .json({ error: { code: "UNKNOWN_SESSION", message: "No such open transaction" } });
      return;
    }
    session.confirmed = true;
    const transactionId = `fluz_tx_${randomBytes(6).toString("hex")}`;
    // Fluz tells the merchant's server once the transfer is approved (not when a fault refused it).
    res.once("finish", () => {
      if (res.statusCode === 200) notifyConfirmed(state, req, { ...session, transactionId });
    });
    res.json({
      transactionId,
      status: "APPROVED",
      amount: session.amount,
      transactionType: session.transactionType,
      externalId: session.externalId,
    });
  });
}

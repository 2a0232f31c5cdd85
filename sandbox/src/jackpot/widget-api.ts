import { randomBytes } from "node:crypto";
import express, { type Response, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { notifyConverted } from "./notifications.js";
import { type JackpotState, liveSession } from "./state.js";

const invalidSession = (res: Response) => {
  res.status(401).json({
    error: { code: "INVALID_SESSION", message: "This conversion session is invalid or over" },
  });
};

/**
 * What the widget page calls: `POST /jackpot/api/session` (the session's
 * amount and user) and `POST /jackpot/api/convert` (a voucher code converts
 * the session, once, and the merchant's server is notified: `notifyConverted`).
 *
 * @example
 * mountWidgetApi(router, state);
 */
export function mountWidgetApi(router: Router, state: JackpotState): void {
  const widgetFaults = faultPoint(state.hooks, {
    provider: "jackpot",
    userOf: (req) => liveSession(state, req.body?.sessionToken)?.userId,
    serverError: (res) => {
      res.json({ error: { code: "INTERNAL_ERROR", message: "Jackpot is unavailable" } });
    },
  });
  const json = express.json({ limit: "2kb" });

  router.post("/jackpot/api/session", json, widgetFaults, (req, res) => {
    const session = liveSession(state, req.body?.sessionToken);
    if (!session || session.converted) return invalidSession(res);
    res.json({
      amount: session.amount,
      userId: session.userId,
      expiresAt: new Date(session.expiresAt).toISOString(),
    });
  });

  router.post("/jackpot/api/convert", json, widgetFaults, (req, res) => {
    const session = liveSession(state, req.body?.sessionToken);
    const code = req.body?.voucherCode;
    if (!session || session.converted) return invalidSession(res);
    if (typeof code !== "string" || !/^[A-Z0-9-]{6,32}$/i.test(code)) {
      res.status(400).json({
        error: {
          code: "INVALID_VOUCHER",
          message: "Enter the voucher code printed on your ticket",
        },
      });
      return;
    }
    session.converted = true;
    const conversionId = `jp_cv_${randomBytes(6).toString("hex")}`;
    // Jackpot notifies the merchant's server of the voucher (not when a fault refused it).
    res.once("finish", () => {
      if (res.statusCode === 200) notifyConverted(state, req, session, conversionId);
    });
    res.json({
      conversionId,
      status: "CONVERTED",
      amount: session.amount,
    });
  });
}

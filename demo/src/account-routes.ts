import express, { type Express, type Request, type Response } from "express";
import { type ConfirmedTransfer, type Ledger, toCents } from "./ledger.js";
import { formatCents } from "./money.js";
import { currentUser } from "./session.js";

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

const fail = (res: Response, status: number, code: string, message: string) => {
  res.status(status).json({ error: { code, message } });
};

/** Only the shop's own pages may report a transfer: JSON, from this origin. */
function sameOrigin(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = req.get("origin");
  return origin === undefined || origin === `${req.protocol}://${req.get("host")}`;
}

/** The body of `POST /account/transfers`, checked; a message when it is not one. */
function readTransfer(body: unknown): ConfirmedTransfer | string {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const { provider, ref, transactionId, amount, transactionType } = b;
  if (provider !== "fluz" && provider !== "jackpot") return "provider must be fluz or jackpot";
  if (typeof transactionId !== "string" || !ID.test(transactionId)) {
    return "transactionId is required";
  }
  if (ref !== undefined && (typeof ref !== "string" || !ID.test(ref))) return "ref is not valid";
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) {
    return "amount must be a positive number";
  }
  let kind: ConfirmedTransfer["kind"] = "VOUCHER";
  if (provider === "fluz") {
    if (transactionType !== "DEPOSIT" && transactionType !== "WITHDRAW") {
      return "transactionType must be DEPOSIT or WITHDRAW";
    }
    kind = transactionType;
  }
  return {
    provider,
    ...(ref === undefined ? {} : { ref }),
    kind,
    cents: toCents(amount),
    transactionId,
  };
}

/**
 * `POST /account/transfers`: the page reports a transfer the provider
 * confirmed (the widget's success event). The ledger applies it only when the
 * shop issued that token to this shopper (`onIssued`) and only once per
 * provider transaction; the answer is the balance, in cents.
 *
 * A shop in production hears about confirmed transfers from the provider,
 * server to server (a webhook), not from the page: the sandbox has no such
 * call yet, so the demo takes the page's word for no more than it issued.
 */
export function accountRoutes(app: Express, ledger: Ledger): void {
  app.post("/account/transfers", express.json({ limit: "2kb" }), async (req, res, next) => {
    try {
      const user = currentUser(req);
      if (!user) return fail(res, 401, "UNAUTHENTICATED", "Sign in first");
      if (!req.is("application/json") || !sameOrigin(req)) {
        return fail(res, 403, "FORBIDDEN", "Only the shop's pages may report a transfer");
      }
      const transfer = readTransfer(req.body);
      if (typeof transfer === "string") return fail(res, 400, "INVALID_REQUEST", transfer);
      const result = await ledger.settle(user.id, transfer);
      if (!result.ok) {
        return result.reason === "unknown"
          ? fail(res, 404, "UNKNOWN_TRANSFER", "No transfer of ours matches this confirmation")
          : fail(res, 409, "INSUFFICIENT_BALANCE", "The store credit does not cover it any more");
      }
      res.set("Cache-Control", "no-store").json({
        balance: result.balance,
        balanceText: formatCents(result.balance),
        replayed: result.replayed,
      });
    } catch (err) {
      next(err);
    }
  });
}

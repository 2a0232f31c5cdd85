import type { Express } from "express";
import type { Ledger } from "./ledger.js";
import { formatCents } from "./money.js";
import { currentUser } from "./session.js";

const REFERENCE = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * `GET /account/transfers/:provider/:reference`: has the provider's
 * transaction settled for the signed-in shopper? `{status: "settled" |
 * "pending", balance, balanceText}`. The page polls it after the widget
 * reports success: the balance changes only when the provider's own
 * notification settled the ledger entry (`ledger.onSettled`), server to
 * server. Nothing the page sends can change it.
 *
 * `GET /account/referral`: has impact.com confirmed, server to server, that
 * a referral widget verified the signed-in shopper? `{status: "confirmed",
 * confirmedAt} | {status: "pending"}`, from `ledger.onSettled` only.
 */
export function accountRoutes(app: Express, ledger: Ledger): void {
  app.get("/account/referral", async (req, res, next) => {
    try {
      const user = currentUser(req);
      res.set("Cache-Control", "no-store");
      if (!user) {
        res.status(401).json({ error: { code: "UNAUTHENTICATED", message: "Sign in first" } });
        return;
      }
      const referral = await ledger.referral(user.id);
      res.json(referral ? { status: "confirmed", ...referral } : { status: "pending" });
    } catch (err) {
      next(err);
    }
  });
  app.get("/account/transfers/:provider/:reference", async (req, res, next) => {
    try {
      const user = currentUser(req);
      res.set("Cache-Control", "no-store");
      if (!user) {
        res.status(401).json({ error: { code: "UNAUTHENTICATED", message: "Sign in first" } });
        return;
      }
      const { provider, reference } = req.params;
      if ((provider !== "fluz" && provider !== "jackpot") || !REFERENCE.test(reference)) {
        res.status(404).json({ error: { code: "NOT_FOUND", message: "No such transfer" } });
        return;
      }
      const { settled, balance } = await ledger.settlement(user.id, provider, reference);
      res.json({
        status: settled ? "settled" : "pending",
        balance,
        balanceText: formatCents(balance),
      });
    } catch (err) {
      next(err);
    }
  });
}

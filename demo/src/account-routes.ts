import type { Express, Request, RequestHandler, Response } from "express";
import type { Ledger } from "./ledger.js";
import { formatCents } from "./money.js";
import { type DemoUser, currentUser } from "./session.js";

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
  app.get(
    "/account/referral",
    signedIn(async (user, _req, res) => {
      const referral = await ledger.referral(user.id);
      res.json(referral ? { status: "confirmed", ...referral } : { status: "pending" });
    }),
  );
  app.get(
    "/account/transfers/:provider/:reference",
    signedIn(async (user, req, res) => {
      const { provider, reference } = req.params as Record<string, string>;
      if ((provider !== "fluz" && provider !== "jackpot") || !REFERENCE.test(reference!)) {
        res.status(404).json({ error: { code: "NOT_FOUND", message: "No such transfer" } });
        return;
      }
      const { settled, balance } = await ledger.settlement(user.id, provider, reference!);
      res.json({
        status: settled ? "settled" : "pending",
        balance,
        balanceText: formatCents(balance),
      });
    }),
  );
}

/** A JSON route for the signed-in shopper only (401 otherwise), never cached. */
function signedIn(
  handle: (user: DemoUser, req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = currentUser(req);
      res.set("Cache-Control", "no-store");
      if (!user) {
        res.status(401).json({ error: { code: "UNAUTHENTICATED", message: "Sign in first" } });
        return;
      }
      await handle(user, req, res);
    } catch (err) {
      next(err);
    }
  };
}

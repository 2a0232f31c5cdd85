import type { Router } from "express";
import { escapeHtml } from "../html.js";

/**
 * `GET /impact/r/{code}`: where a referral link lands.
 *
 * @example
 * mountReferralPage(router);
 */
export function mountReferralPage(router: Router): void {
  router.get("/impact/r/:code", (req, res) => {
    res
      .type("html")
      .send(
        `<!doctype html><meta charset="utf-8"><title>You were referred</title><p>Referral code ${escapeHtml(req.params.code)}: $20 off your first order (sandbox).</p>`,
      );
  });
}

import { randomBytes } from "node:crypto";
import type { Request } from "express";
import { scopeOf } from "../hooks.js";
import type { ProviderEvent } from "../notification-sender.js";
import type { JackpotSession, JackpotState } from "./state.js";

const DAY_MS = 86_400_000;

/**
 * Jackpot's notifications for a converted voucher, sent by the sandbox's sender.
 *
 * Published by Jackpot (documentation.jackpot-io.com, "Notifications"): a
 * `POST` to the merchant's URL with `?notificationKey=<the init token's
 * notificationKey>`, the voucher as JSON (`id`, `state`, `value`, `price`,
 * `reservationDate`, `validityDate`, `resaExpireDate`, `couponId`), first
 * `RESERVED`, then `READY` once the voucher is edited; a 200 agrees;
 * retries with exponential backoff. Our assumption (what
 * `@widget-tokens/server`'s Jackpot adapter reads): the hex HMAC-SHA256 in
 * `X-Jackpot-Signature` over `<X-Jackpot-Timestamp>.<raw body>`, `price`
 * (major units) as the amount, and the `userId` of the init token in the body.
 *
 * @example
 * notifyConverted(state, req, session, "jp_cv_1a2b3c");
 */
export function notifyConverted(
  state: JackpotState,
  req: Request,
  session: JackpotSession,
  voucherId: string,
): void {
  const secret = state.options.notificationSecret;
  if (secret === undefined) return;
  const now = Date.now();
  const voucher = {
    id: voucherId,
    value: session.amount,
    price: session.amount,
    reservationDate: new Date(now).toISOString(),
    validityDate: new Date(now + 365 * DAY_MS).toISOString(),
    resaExpireDate: new Date(now + 2 * DAY_MS).toISOString(),
    couponId: randomBytes(5).toString("hex").toUpperCase(),
    userId: session.userId,
  };
  const query = { notificationKey: session.notificationKey };
  const event = (state: string, extra: Record<string, unknown> = {}): ProviderEvent => ({
    event: state,
    body: { ...voucher, state, ...extra },
    query,
  });
  state.hooks.notifications.completed({
    provider: "jackpot",
    secret,
    signatureHeader: "X-Jackpot-Signature",
    timestampHeader: "X-Jackpot-Timestamp",
    key: session.notificationKey,
    user: session.userId,
    scope: scopeOf(req),
    events: [
      event("RESERVED"),
      event("READY", { confirmDate: new Date(now).toISOString(), signedUrl: null }),
    ],
  });
}

import { randomUUID } from "node:crypto";
import type { Request } from "express";
import { scopeOf } from "../hooks.js";
import type { ProviderEvent } from "../notification-sender.js";
import type { FluzState } from "./state.js";

/** A confirmed transfer, as the webhooks describe it. */
interface ConfirmedTransfer {
  jti: string;
  externalId: string;
  /** Dollars and cents. */
  amount: number;
  transactionType: string;
  transactionId: string;
}

/**
 * Fluz's webhooks for a confirmed transfer, sent by the sandbox's sender.
 *
 * Published by Fluz (docs.fluz.app/docs/webhooks): a JSON `POST`, an
 * `X-HMAC-Signature` header (HMAC-SHA256), an `X-Event-ID` header, the
 * events `TRANSACTION_CREATE` ("a user initiates a transaction") and
 * `WIDGET_DEPOSIT_COMPLETE` / `WIDGET_WITHDRAW_COMPLETE` ("a user
 * successfully sends / receives"), retries with exponential backoff.
 * Our assumption (what `@widget-tokens/server`'s Fluz adapter reads): the
 * hex signature over `<X-HMAC-Timestamp>.<raw body>`; the body's
 * `eventType`, `externalReference` (the patToken's `jti`), `externalId`,
 * `amount` (dollars) and `transactionId`; that a transfer sends
 * `TRANSACTION_CREATE` first, then its `WIDGET_*_COMPLETE`.
 *
 * @example
 * notifyConfirmed(state, req, { jti, externalId, amount, transactionType, transactionId });
 */
export function notifyConfirmed(state: FluzState, req: Request, t: ConfirmedTransfer): void {
  const secret = state.options.notificationSecret;
  if (secret === undefined) return;
  const common = {
    externalReference: t.jti,
    externalId: t.externalId,
    amount: t.amount,
    transactionId: t.transactionId,
  };
  const event = (eventType: string, extra: Record<string, unknown>): ProviderEvent => ({
    event: eventType,
    body: { eventType, ...common, ...extra },
    headers: { "X-Event-ID": randomUUID() },
  });
  state.hooks.notifications.completed({
    provider: "fluz",
    secret,
    signatureHeader: "X-HMAC-Signature",
    timestampHeader: "X-HMAC-Timestamp",
    key: t.jti,
    user: t.externalId,
    scope: scopeOf(req),
    events: [
      event("TRANSACTION_CREATE", { status: "PENDING", transactionType: t.transactionType }),
      event(`WIDGET_${t.transactionType}_COMPLETE`, {
        status: "COMPLETED",
        completedAt: new Date().toISOString(),
      }),
    ],
  });
}

import type { NotificationAdapter } from "./adapter.js";
import { idField, majorAmountField } from "./fields.js";

/** Fluz's widget events that complete a pre-approved transfer, and the type each settles. */
const COMPLETE_EVENTS: Readonly<Record<string, string>> = {
  WIDGET_DEPOSIT_COMPLETE: "DEPOSIT",
  WIDGET_WITHDRAW_COMPLETE: "WITHDRAW",
};

/**
 * Fluz webhooks. Published by Fluz (docs.fluz.app/docs/webhooks): a JSON
 * `POST`, the `X-HMAC-Signature` header (an HMAC-SHA256), the event types
 * `WIDGET_DEPOSIT_COMPLETE` and `WIDGET_WITHDRAW_COMPLETE`, retries with
 * exponential backoff. Our assumption, until Fluz documents it: the
 * signature is hex over `<X-HMAC-Timestamp>.<raw body>`; the body names the
 * event in `eventType`, the patToken's `jti` in `externalReference`, the
 * user in `externalId`, the amount in dollars in `amount` and Fluz's own
 * transaction id in `transactionId`.
 */
export const fluzNotifications: NotificationAdapter = {
  provider: "fluz",
  scheme: { signatureHeader: "x-hmac-signature", timestampHeader: "x-hmac-timestamp" },
  read(body) {
    const event = idField(body.eventType, "eventType");
    const transactionType = COMPLETE_EVENTS[event];
    if (transactionType === undefined) return { action: "ignore", event };
    return {
      action: "settle",
      key: idField(body.externalReference, "externalReference"),
      amount: majorAmountField(body.amount, "amount"),
      reference: idField(body.transactionId, "transactionId"),
      userId: idField(body.externalId, "externalId"),
      transactionType,
    };
  },
};

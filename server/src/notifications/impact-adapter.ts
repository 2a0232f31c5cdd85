import { isRecord } from "@widget-tokens/shared";
import { invalidRequest } from "../errors.js";
import type { NotificationAdapter } from "./adapter.js";
import { idField } from "./fields.js";

/**
 * The ledger's terms for a referral widget: it pre-approves no money, so its
 * entry is for nothing (amount 0, ISO 4217 `XXX`, "no currency involved");
 * impact.com's notification that the widget verified the user settles it.
 */
export const IMPACT_LEDGER = { amount: 0, currency: "XXX", transactionType: "REFERRAL_WIDGET" };

/** The event that settles a referral widget's entry: the widget verified its user (ours). */
const IMPACT_VERIFIED_EVENT = "user.widget.verified";

/**
 * impact.com (SaaSquatch) webhooks. Published by SaaSquatch
 * (docs.saasquatch.com/api/webhooks): a JSON `POST` of an event object
 * `{id, type, tenantAlias, live, created, data}`, event types such as
 * `user.created`, `referral.started`, `referral.converted`,
 * `reward.created`; retried until a 200; no delivery order guaranteed.
 * Our assumption, until impact.com documents one: the `user.widget.verified`
 * event a verified widget load sends, with `data.id` / `data.accountId`
 * (the user, as in `user.created`) and `data.jti` (the user JWT's id, the
 * ledger key); a hex HMAC-SHA256 in `X-Impact-Signature` over
 * `<X-Impact-Timestamp>.<raw body>` (SaaSquatch signs with a detached JWS,
 * `X-Hook-JWS-RFC-7797`: give `notifications.verify` to check that). The
 * event's `id` is the settlement's reference; other events are acknowledged
 * and ignored (rewards are impact.com's program, not a pre-approval).
 */
export const impactNotifications: NotificationAdapter = {
  provider: "impact",
  scheme: { signatureHeader: "x-impact-signature", timestampHeader: "x-impact-timestamp" },
  read(body) {
    const type = idField(body.type, "type");
    if (type !== IMPACT_VERIFIED_EVENT) return { action: "ignore", event: type };
    const data = body.data;
    if (!isRecord(data)) throw invalidRequest("data", "data must be an object");
    return {
      action: "settle",
      key: idField(data.jti, "data.jti"),
      amount: IMPACT_LEDGER.amount,
      reference: idField(body.id, "id"),
      userId: idField(data.id, "data.id"),
      transactionType: IMPACT_LEDGER.transactionType,
    };
  },
};

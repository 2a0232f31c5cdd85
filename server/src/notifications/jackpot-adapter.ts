import type { NotificationAdapter } from "./adapter.js";
import { idField, majorAmountField } from "./fields.js";

/**
 * Jackpot voucher notifications. Published by Jackpot
 * (documentation.jackpot-io.com, "Notifications"): a `POST` to the
 * merchant's URL with `?notificationKey=<the key of the init token>`, the
 * voucher as JSON (`id`, `state`, `value`, `price`, …), `RESERVED` when the
 * voucher is reserved, answered 200 to agree; retries with backoff. Our
 * assumption: the HMAC-SHA256 signature (hex, over `<X-Jackpot-Timestamp>.<raw
 * body>`, in `X-Jackpot-Signature`), the `price` in major units as the
 * amount settled, and an optional `userId` checked against the entry.
 */
export const jackpotNotifications: NotificationAdapter = {
  provider: "jackpot",
  scheme: { signatureHeader: "x-jackpot-signature", timestampHeader: "x-jackpot-timestamp" },
  read(body, query) {
    const state = idField(body.state, "state");
    if (state !== "RESERVED") return { action: "ignore", event: state };
    return {
      action: "settle",
      key: idField(query.get("notificationKey") ?? undefined, "notificationKey"),
      amount: majorAmountField(body.price, "price"),
      reference: idField(body.id, "id"),
      ...(body.userId === undefined ? {} : { userId: idField(body.userId, "userId") }),
      transactionType: "VOUCHER",
    };
  },
};

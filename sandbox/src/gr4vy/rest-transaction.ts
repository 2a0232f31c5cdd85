import type { SandboxGr4vyTransaction } from "./state.js";

/**
 * A transaction as Gr4vy's REST API answers `GET /transactions/{id}`
 * (snake_case, every member `@gr4vy/sdk`'s schema requires).
 *
 * @example
 * res.json(restTransaction(tx));
 */
export function restTransaction(tx: SandboxGr4vyTransaction): Record<string, unknown> {
  const authorized = tx.status === "authorization_succeeded" ? tx.amount : 0;
  return {
    type: "transaction",
    id: tx.id,
    reconciliation_id: tx.id.replaceAll("-", "").slice(0, 22),
    merchant_account_id: "default",
    status: tx.status,
    intent: "authorize",
    intent_outcome: tx.status === "authorization_succeeded" ? "succeeded" : "failed",
    amount: tx.amount,
    authorized_amount: authorized,
    captured_amount: 0,
    refunded_amount: 0,
    settled_amount: 0,
    settled: false,
    payment_source: "ecommerce",
    payment_service: null,
    pending_review: false,
    gift_card_redemptions: [],
    disputed: false,
    merchant_initiated: false,
    is_subsequent_payment: false,
    statement_descriptor: null,
    three_d_secure: null,
    multi_tender: false,
    account_funding_transaction: false,
    currency: tx.currency,
    buyer: tx.buyer
      ? {
          type: "buyer",
          id: tx.buyer.id ?? null,
          external_identifier: tx.buyer.externalIdentifier ?? null,
        }
      : null,
    checkout_session_id: tx.checkoutSessionId,
    metadata: tx.metadata,
    cart_items: tx.cartItems,
    payment_method: {
      type: "payment-method",
      id: tx.paymentMethod.id,
      method: tx.paymentMethod.method,
      scheme: tx.paymentMethod.scheme,
      label: tx.paymentMethod.label,
    },
    created_at: tx.createdAt,
    updated_at: tx.createdAt,
  };
}

import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import type { DemoUser } from "../session.js";
import { type NavLink, page } from "./layout.js";

/** What the shop's server read back from Gr4vy about the transaction. */
interface ConfirmedPayment {
  id: string;
  status: string;
  amount: number;
  currency: string;
  cardLabel?: string | undefined;
}

/** The order confirmation, or why the payment could not be confirmed. */
export function checkoutResultPage(
  user: DemoUser,
  nav: readonly NavLink[],
  result: { ok: true; payment: ConfirmedPayment } | { ok: false; message: string },
): string {
  if (!result.ok) {
    return page({
      title: "Payment not confirmed",
      user,
      nav,
      body: `
      <section class="card narrow" aria-labelledby="result-title">
        <p class="eyebrow">Checkout</p>
        <h1 id="result-title">We could not confirm your payment</h1>
        <p class="form-error" role="alert">${escapeHtml(result.message)}</p>
        <div class="buttons"><a class="btn primary" href="/checkout">Back to checkout</a></div>
      </section>`,
    });
  }
  const p = result.payment;
  const approved = p.status === "authorization_succeeded" || p.status === "capture_succeeded";
  return page({
    title: approved ? "Order confirmed" : "Payment declined",
    user,
    nav,
    body: `
    <section class="card narrow" aria-labelledby="result-title">
      <p class="eyebrow">Checkout</p>
      <h1 id="result-title">${approved ? "Thank you, your order is confirmed" : "Your payment was declined"}</h1>
      <p class="muted">${approved ? "We have emailed your receipt." : "No money was taken. Please try another card."}</p>
      <dl class="kv">
        <dt>Amount</dt><dd id="paid-amount">${escapeHtml(formatCents(p.amount, p.currency))}</dd>
        <dt>Status</dt><dd><span class="badge ${approved ? "ok" : "declined"}" id="payment-status">${escapeHtml(p.status.replace(/_/g, " "))}</span></dd>
        ${p.cardLabel ? `<dt>Card</dt><dd>•••• ${escapeHtml(p.cardLabel)}</dd>` : ""}
        <dt>Transaction</dt><dd><code id="transaction-id">${escapeHtml(p.id)}</code></dd>
      </dl>
      <div class="buttons"><a class="btn primary" href="${approved ? "/account" : "/checkout"}">${approved ? "Back to your account" : "Try again"}</a></div>
    </section>`,
  });
}

/** `GET /checkout/complete`: opened directly (a bookmark, a reload), there is no payment to confirm. */
export function nothingToConfirmPage(user: DemoUser, nav: readonly NavLink[]): string {
  return page({
    title: "Nothing to confirm",
    user,
    nav,
    body: `
    <section class="card narrow" aria-labelledby="result-title">
      <p class="eyebrow">Checkout</p>
      <h1 id="result-title">Nothing to confirm here</h1>
      <p class="muted">This page confirms an order right after you pay. No payment came with this visit, so nothing was charged.</p>
      <div class="buttons"><a class="btn primary" href="/checkout">Back to checkout</a></div>
    </section>`,
  });
}

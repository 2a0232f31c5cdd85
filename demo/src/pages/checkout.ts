import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import type { DemoUser } from "../session.js";
import { cartFor, cartItemsLabel, cartTotal } from "./checkout-cart.js";
import { type NavLink, page } from "./layout.js";

/** The checkout page: the cart (from the server) and Gr4vy Embed in the payment card. */
export function checkoutPage(user: DemoUser, nav: readonly NavLink[], config: unknown): string {
  const lines = cartFor(user);
  const total = cartTotal(lines);
  const rows = lines
    .map(
      (l) => `<tr>
        <td><strong>${escapeHtml(l.name)}</strong><br><span class="muted">${escapeHtml(l.sku)}</span></td>
        <td class="num">${l.quantity}</td>
        <td class="num">${escapeHtml(formatCents(l.unitAmount))}</td>
        <td class="num">${escapeHtml(formatCents(l.unitAmount * l.quantity))}</td>
      </tr>`,
    )
    .join("");
  return page({
    title: "Checkout",
    user,
    nav,
    config,
    modules: ["account.js", "checkout.js"],
    body: `
    <div class="page-head">
      <div>
        <p class="eyebrow">Checkout</p>
        <h1>Review and pay</h1>
      </div>
      <div class="stat"><span class="muted">Order total</span><strong id="order-total">${escapeHtml(formatCents(total))}</strong></div>
    </div>
    <div class="grid">
      <div class="col">
        <section class="card" aria-labelledby="cart-title">
          <div class="card-head">
            <div>
              <h2 id="cart-title">Your cart</h2>
              <p class="muted">Prices and quantities are taken from our server when you pay, never from this page.</p>
            </div>
            <span class="badge" id="cart-count">${escapeHtml(cartItemsLabel(lines))}</span>
          </div>
          <table class="cart" id="cart">
            <thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Total</th></tr></thead>
            <tbody>${rows}</tbody>
            <tfoot>
              <tr><td colspan="3">Shipping</td><td class="num">Free</td></tr>
              <tr class="total"><td colspan="3">Total</td><td class="num">${escapeHtml(formatCents(total))}</td></tr>
            </tfoot>
          </table>
        </section>
      </div>
      <aside class="col side">
        <section class="card" aria-labelledby="pay-title">
          <div class="card-head">
            <div>
              <h2 id="pay-title">Payment</h2>
              <p class="muted">Card payments are processed by Gr4vy.</p>
            </div>
            <span class="badge">Gr4vy</span>
          </div>
          <form id="checkout-form" class="stack" method="post" action="/checkout/complete">
            <div id="gr4vy-embed" class="embed-slot"></div>
            <button type="button" class="btn primary" id="gr4vy-open" data-needs-script disabled>Pay ${escapeHtml(formatCents(total))}</button>
            <button type="submit" class="btn primary" id="gr4vy-pay" hidden>Pay now</button>
            <p class="form-error" id="checkout-error" role="alert" hidden></p>
          </form>
        </section>
      </aside>
    </div>`,
  });
}

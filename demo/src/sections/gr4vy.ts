import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { WidgetTokensError } from "@widget-tokens/server";
import { GR4VY_UUID } from "@widget-tokens/shared";
import type { Express } from "express";
import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import { cartFor, cartItemsLabel, cartTotal, gr4vyCheckoutFor } from "../pages/checkout-cart.js";
import { checkoutResultPage, nothingToConfirmPage } from "../pages/checkout-success.js";
import { checkoutPage } from "../pages/checkout.js";
import type { NavLink } from "../pages/layout.js";
import { currentUser } from "../session.js";
import type { DemoSection, SectionContext } from "./section.js";

/** GR4VY_PRIVATE_KEY: PEM (with real or `\\n`-escaped line breaks) or the path of a PEM file. */
const key = (secrets: Record<string, string>) => {
  const value = secrets.GR4VY_PRIVATE_KEY!;
  return createPrivateKey(
    value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value),
  );
};

/**
 * Gr4vy Embed: a checkout page with the cart; Pay mounts Embed, the card
 * payment submits the order form, and the confirmation page is shown only
 * once `confirmGr4vyTransaction` has read the transaction back from Gr4vy
 * (the sandbox) and settled the checkout session's ledger entry.
 */
export const gr4vySection: DemoSection = {
  id: "gr4vy",
  sandbox: (s) => ({
    gr4vy: { gr4vyId: s.GR4VY_ID!, publicKey: createPublicKey(key(s)) },
  }),
  provider: ({ secrets, sandboxUrl }) => ({
    gr4vy: {
      gr4vyId: secrets.GR4VY_ID!,
      privateKey: secrets.GR4VY_PRIVATE_KEY!,
      environment: "sandbox",
      // The checkout session is made here, server-side, and a payment is confirmed against it.
      apiUrl: `${sandboxUrl}/gr4vy/api`,
      checkoutSessions: true,
      maxAmount: 1_000_000,
      checkout: (_req: unknown, user: { id: string }) => gr4vyCheckoutFor(user),
    },
  }),
  client: ({ sandboxUrl, secrets }) => ({
    gr4vy: {
      gr4vyId: secrets.GR4VY_ID,
      environment: "sandbox",
      scriptUrl: `${sandboxUrl}/gr4vy/gr4vy-embed.js`,
    },
  }),
  csp: ({ sandboxUrl }) => ({ scriptSrc: [sandboxUrl], frameSrc: [sandboxUrl] }),
  nav: { href: "/checkout", label: "Checkout" },
  render: (user) => {
    const lines = cartFor(user);
    const names = lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.name}` : l.name));
    return `
    <section class="card" id="cart-card" aria-labelledby="cart-card-title">
      <div class="card-head">
        <div>
          <h2 id="cart-card-title">Your cart</h2>
          <p class="muted"><span id="cart-count">${escapeHtml(cartItemsLabel(lines))}</span> waiting: ${names.map(escapeHtml).join(", ")}.</p>
        </div>
        <span class="badge">Gr4vy</span>
      </div>
      <div class="buttons">
        <a class="btn primary" href="/checkout" id="go-checkout">Check out · ${escapeHtml(formatCents(cartTotal(lines)))}</a>
      </div>
    </section>`;
  },
  routes(app: Express, ctx: SectionContext, nav: readonly NavLink[]) {
    const clientConfig = {
      endpoint: "/widget-tokens",
      ...gr4vySection.client(ctx),
    };
    app.get("/checkout", (req, res) => {
      const user = currentUser(req);
      if (!user) return res.redirect("/sign-in");
      res.type("html").send(checkoutPage(user, nav, clientConfig));
    });

    // Opened directly (a bookmark, a reload after paying): a page, not Express's "Cannot GET".
    app.get("/checkout/complete", (req, res) => {
      const user = currentUser(req);
      if (!user) return res.redirect("/sign-in");
      res.type("html").send(nothingToConfirmPage(user, nav));
    });

    app.post("/checkout/complete", async (req, res) => {
      const user = currentUser(req);
      if (!user) return res.redirect(303, "/sign-in");
      const id = String(req.body?.gr4vy_transaction_id ?? "");
      if (!GR4VY_UUID.test(id)) {
        res
          .status(400)
          .type("html")
          .send(
            checkoutResultPage(user, nav, {
              ok: false,
              message: "No Gr4vy transaction came with the order.",
            }),
          );
        return;
      }
      try {
        // The library reads the transaction back from Gr4vy and holds it against the
        // checkout session it pinned for this shopper: only then is the order confirmed.
        const { transaction: tx } = await ctx
          .middleware()
          .confirmGr4vyTransaction(id, { expected: { userId: user.id } });
        res.type("html").send(
          checkoutResultPage(user, nav, {
            ok: true,
            payment: {
              id: tx.id,
              status: tx.status,
              amount: tx.amount,
              currency: tx.currency,
              cardLabel: tx.paymentMethodLabel ?? undefined,
            },
          }),
        );
      } catch (err) {
        const refused = err instanceof WidgetTokensError && err.status < 500;
        res
          .status(refused ? 422 : 502)
          .type("html")
          .send(
            checkoutResultPage(user, nav, {
              ok: false,
              message: refused
                ? "The transaction does not match your order."
                : "Gr4vy could not be reached to confirm the payment.",
            }),
          );
      }
    });
  },
};

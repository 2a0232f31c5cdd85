import { createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { GR4VY_UUID } from "@widget-tokens/shared";
import type { Express } from "express";
import { SignJWT, calculateJwkThumbprint, exportJWK } from "jose";
import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import { cartFor, cartItemsLabel, cartTotal, gr4vyCheckoutFor } from "../pages/checkout-cart.js";
import {
  type ConfirmedPayment,
  checkoutResultPage,
  nothingToConfirmPage,
} from "../pages/checkout-success.js";
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
 * payment submits the order form, and the confirmation page reads the
 * transaction back from Gr4vy (the sandbox) server-side.
 */
export const gr4vySection: DemoSection = {
  id: "gr4vy",
  sandbox: (s) => ({
    gr4vy: { gr4vyId: s.GR4VY_ID!, publicKey: createPublicKey(key(s)) },
  }),
  provider: ({ secrets }) => ({
    gr4vy: {
      gr4vyId: secrets.GR4VY_ID!,
      privateKey: secrets.GR4VY_PRIVATE_KEY!,
      environment: "sandbox",
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
    // The shop's server reads transactions back with its own API token (ES512, read scope).
    const privateKey = key(ctx.secrets);
    const kid = exportJWK(createPublicKey(privateKey)).then((jwk) => calculateJwkThumbprint(jwk));
    const signApiToken = async (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "ES512", typ: "JWT", kid: await kid })
        .sign(privateKey);

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
        const now = Math.floor(Date.now() / 1000);
        const token = await signApiToken({
          scopes: ["transactions.read"],
          iat: now,
          nbf: now,
          exp: now + 30,
          jti: randomUUID(),
        });
        const answer = await fetch(`${ctx.sandboxUrl}/gr4vy/api/transactions/${id}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5000),
        });
        if (!answer.ok) throw new Error(`Gr4vy answered ${answer.status}`);
        const tx = (await answer.json()) as ConfirmedPayment & {
          buyer?: { externalIdentifier?: string } | null;
          paymentMethod?: { label?: string };
        };
        // The transaction must be this shopper's and for this cart's amount.
        const expected = gr4vyCheckoutFor(user);
        if (tx.buyer?.externalIdentifier !== user.id || tx.amount !== expected.amount) {
          throw new Error("The transaction does not match your order");
        }
        res.type("html").send(
          checkoutResultPage(user, nav, {
            ok: true,
            payment: {
              id: tx.id,
              status: tx.status,
              amount: tx.amount,
              currency: tx.currency,
              cardLabel: tx.paymentMethod?.label,
            },
          }),
        );
      } catch (err) {
        res
          .status(502)
          .type("html")
          .send(
            checkoutResultPage(user, nav, {
              ok: false,
              message:
                err instanceof Error && err.message.startsWith("The transaction")
                  ? err.message
                  : "Gr4vy could not be reached to confirm the payment.",
            }),
          );
      }
    });
  },
};

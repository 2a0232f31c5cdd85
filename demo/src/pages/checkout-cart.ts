import type { Gr4vyCartItem, Gr4vyCheckout } from "@widget-tokens/shared";
import type { DemoUser } from "../session.js";

/** The demo shop's cart: server-side, so the amount never comes from the browser. */
export interface DemoCartLine extends Gr4vyCartItem {
  sku: string;
}

const CART: readonly DemoCartLine[] = [
  {
    name: "Alpine trail jacket",
    sku: "NW-JKT-01",
    quantity: 1,
    unitAmount: 12_900,
    categories: ["Outdoor", "Jackets"],
  },
  {
    name: "Merino hiking socks",
    sku: "NW-SCK-02",
    quantity: 2,
    unitAmount: 1_450,
    categories: ["Outdoor", "Socks"],
  },
  {
    name: "Insulated bottle 750 ml",
    sku: "NW-BTL-03",
    quantity: 1,
    unitAmount: 2_499,
    categories: ["Gear"],
  },
];

const CART_CURRENCY = "USD";

/** The signed-in shopper's cart lines. */
export function cartFor(_user: DemoUser | { id: string }): readonly DemoCartLine[] {
  return CART;
}

export function cartTotal(lines: readonly DemoCartLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitAmount, 0);
}

/** What the Gr4vy `checkout` hook returns for a shopper: amount, cart and buyer pinned in the token. */
export function gr4vyCheckoutFor(user: { id: string }): Gr4vyCheckout {
  const lines = cartFor(user);
  return {
    amount: cartTotal(lines),
    currency: CART_CURRENCY,
    buyerExternalIdentifier: user.id,
    metadata: { shop: "northwind", channel: "web" },
    cartItems: lines.map((l) => ({ ...l, categories: [...(l.categories ?? [])] })),
  };
}

/** "4 items": quantities added up, as the account page and checkout both say it. */
export function cartItemsLabel(lines: readonly DemoCartLine[]): string {
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return count === 1 ? "1 item" : `${count} items`;
}

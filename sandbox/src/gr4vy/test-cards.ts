/** A card number with a fixed outcome in the Gr4vy Embed stand-in. */
export interface Gr4vyTestCard {
  number: string;
  scheme: "visa" | "mastercard" | "amex";
  /** The transaction status a payment with this card gets. */
  status: "authorization_succeeded" | "authorization_declined";
}

/**
 * Fixed card numbers for the Gr4vy Embed stand-in (any expiry in the
 * future, any 3 or 4 digit CVV). Every other Luhn-valid number is approved
 * too; the `decline` fault declines any card.
 *
 * @example
 * await frame.getByLabel("Card number").fill(GR4VY_TEST_CARDS.declined.number);
 */
export const GR4VY_TEST_CARDS = {
  approved: { number: "4111111111111111", scheme: "visa", status: "authorization_succeeded" },
  approvedMastercard: {
    number: "5555555555554444",
    scheme: "mastercard",
    status: "authorization_succeeded",
  },
  declined: { number: "4000000000000002", scheme: "visa", status: "authorization_declined" },
  declinedInsufficientFunds: {
    number: "4000000000009995",
    scheme: "visa",
    status: "authorization_declined",
  },
} as const satisfies Record<string, Gr4vyTestCard>;

const DECLINED: ReadonlySet<string> = new Set(
  Object.values(GR4VY_TEST_CARDS)
    .filter((c) => c.status === "authorization_declined")
    .map((c) => c.number),
);

/**
 * What a payment with `number` gets in the sandbox.
 *
 * @example
 * cardOutcome("4000000000000002"); // { status: "authorization_declined", scheme: "visa" }
 */
export function cardOutcome(number: string): Pick<Gr4vyTestCard, "status" | "scheme"> {
  const scheme = number.startsWith("4") ? "visa" : /^3[47]/.test(number) ? "amex" : "mastercard";
  return {
    status: DECLINED.has(number) ? "authorization_declined" : "authorization_succeeded",
    scheme,
  };
}

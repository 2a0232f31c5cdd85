import { claimNumber, claimText } from "../inspect/claim-values.js";
import { isoOfSeconds } from "../inspect/human-time.js";
import type { TokenSummary } from "../stand-in.js";

/**
 * Who, how much and until when a patToken says.
 *
 * @example
 * summarizeFluz({ externalId: "u1", amount: 50, exp: 1_900_000_000 });
 * // { user: "u1", amount: 50, currency: "USD", expiresAt: "2030-03-17T17:46:40.000Z" }
 */
export function summarizeFluz(claims: Record<string, unknown> | null): TokenSummary {
  const c = claims ?? {};
  return {
    user: claimText(c.externalId),
    amount: claimNumber(c.amount),
    currency: "USD",
    expiresAt: isoOfSeconds(c.exp) ?? null,
  };
}

/**
 * "Fluz patToken" when the claims are a patToken's.
 *
 * @example
 * recognizeFluz({}, { transactionType: "DEPOSIT", externalId: "u1" }); // "Fluz patToken"
 */
export const recognizeFluz = (_header: Record<string, unknown>, c: Record<string, unknown>) =>
  "transactionType" in c && "externalId" in c ? "Fluz patToken" : null;

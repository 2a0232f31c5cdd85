import { claimNumber, claimRecord, claimText } from "../inspect/claim-values.js";
import { isoOfSeconds } from "../inspect/human-time.js";
import type { TokenSummary } from "../stand-in.js";

/** Digits after the point of a currency's minor unit (2 when unknown). */
function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * Whom, how much (minor units divided out) and until when a Gr4vy token says.
 *
 * @example
 * summarizeGr4vy({ embed: { amount: 1299, currency: "USD", buyer_external_identifier: "u1" } });
 * // { user: "u1", amount: 12.99, currency: "USD", expiresAt: null }
 */
export function summarizeGr4vy(claims: Record<string, unknown> | null): TokenSummary {
  const c = claims ?? {};
  const embed = claimRecord(c.embed);
  const currency = claimText(embed.currency);
  const minor = claimNumber(embed.amount);
  return {
    user: claimText(embed.buyer_external_identifier) ?? claimText(embed.buyer_id),
    amount: minor === null ? null : minor / 10 ** minorDigits(currency ?? "USD"),
    currency,
    expiresAt: isoOfSeconds(c.exp) ?? null,
  };
}

/**
 * "Gr4vy token" for an embed token, or scopes signed ES512.
 *
 * @example
 * recognizeGr4vy({ alg: "ES512" }, { scopes: ["embed"] }); // "Gr4vy token"
 */
export const recognizeGr4vy = (header: Record<string, unknown>, c: Record<string, unknown>) =>
  "embed" in c || (Array.isArray(c.scopes) && header.alg === "ES512") ? "Gr4vy token" : null;

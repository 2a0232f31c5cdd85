import { claimRecord, claimText } from "../inspect/claim-values.js";
import { isoOfSeconds } from "../inspect/human-time.js";
import type { TokenSummary } from "../stand-in.js";

/**
 * Whom and until when an impact.com user JWT says.
 *
 * @example
 * summarizeImpact({ user: { id: "u1" }, exp: 1_900_000_000 }).user; // "u1"
 */
export function summarizeImpact(claims: Record<string, unknown> | null): TokenSummary {
  const c = claims ?? {};
  return {
    user: claimText(claimRecord(c.user).id),
    amount: null,
    currency: null,
    expiresAt: isoOfSeconds(c.exp) ?? null,
  };
}

/**
 * "impact.com user JWT" when the claims carry a `user` object.
 *
 * @example
 * recognizeImpact({}, { user: { id: "u1" } }); // "impact.com user JWT"
 */
export const recognizeImpact = (_header: Record<string, unknown>, c: Record<string, unknown>) =>
  typeof c.user === "object" && c.user !== null ? "impact.com user JWT" : null;

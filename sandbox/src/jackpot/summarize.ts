import { claimNumber, claimText } from "../inspect/claim-values.js";
import { isoOfSeconds } from "../inspect/human-time.js";
import type { TokenSummary } from "../stand-in.js";

/** Jackpot's freshness window for an assertion, as the stand-in applies it by default. */
export const JACKPOT_MAX_ASSERTION_AGE_SECONDS = 300;

/**
 * Whom, how much and until when an assertion says: it has no `exp`, it is
 * accepted until `iat` plus the freshness window (`maxAgeSeconds`).
 *
 * @example
 * summarizeJackpot({ userId: "u1", amount: 50, iat: 1_900_000_000 }).expiresAt;
 * // "2030-03-17T17:51:40.000Z"
 */
export function summarizeJackpot(
  claims: Record<string, unknown> | null,
  maxAgeSeconds = JACKPOT_MAX_ASSERTION_AGE_SECONDS,
): TokenSummary {
  const c = claims ?? {};
  const iat = claimNumber(c.iat);
  return {
    user: claimText(c.userId),
    amount: claimNumber(c.amount),
    currency: null,
    expiresAt: iat === null ? null : (isoOfSeconds(iat + maxAgeSeconds) ?? null),
  };
}

/**
 * "Jackpot initialization token (assertion)" when the claims carry a `notificationKey`.
 *
 * @example
 * recognizeJackpot({}, { notificationKey: "k" }); // "Jackpot initialization token (assertion)"
 */
export const recognizeJackpot = (_header: Record<string, unknown>, c: Record<string, unknown>) =>
  "notificationKey" in c ? "Jackpot initialization token (assertion)" : null;

import { claimText } from "../inspect/claim-values.js";
import { isoOfSeconds } from "../inspect/human-time.js";
import type { TokenSummary } from "../stand-in.js";

/**
 * Whom (`sub`) and until when a merchant-API token says.
 *
 * @example
 * summarizeMerchantApi({ sub: "qa@merchant.example", exp: 1_900_000_000 }).user;
 * // "qa@merchant.example"
 */
export function summarizeMerchantApi(claims: Record<string, unknown> | null): TokenSummary {
  const c = claims ?? {};
  return {
    user: claimText(c.sub),
    amount: null,
    currency: null,
    expiresAt: isoOfSeconds(c.exp) ?? null,
  };
}

/**
 * "merchant API token" when the claims carry a `merchant_id`.
 *
 * @example
 * recognizeMerchantApi({}, { merchant_id: "m1" }); // "merchant API token"
 */
export const recognizeMerchantApi = (
  _header: Record<string, unknown>,
  c: Record<string, unknown>,
) => ("merchant_id" in c ? "merchant API token" : null);

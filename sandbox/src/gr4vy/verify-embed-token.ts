import type { KeyObject } from "node:crypto";
import { GR4VY_PINNED_FIELDS, type Gr4vyEmbedClaim, checkCheckout } from "@widget-tokens/shared";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { TokenRejection, type VerdictDetail, joseVerdict } from "../inspect/verdict.js";
import { keyId } from "./key-id.js";

/** Why Gr4vy refuses an embed token or the options Embed was given (with the sandbox's verdict). */
export class EmbedTokenError extends TokenRejection {
  constructor(
    /** Gr4vy's error code: `unauthorized` (401) or `bad_request` (400). */
    readonly code: "unauthorized" | "bad_request",
    readonly status: 401 | 400,
    message: string,
    detail?: VerdictDetail,
  ) {
    super(message, detail);
  }
}

export interface VerifiedEmbedToken {
  jti: string;
  exp: number;
  embed: Gr4vyEmbedClaim;
  checkoutSessionId?: string | undefined;
}

const unauthorized = (message: string, detail: VerdictDetail) =>
  new EmbedTokenError("unauthorized", 401, message, detail);
const mismatch = (message: string) =>
  new EmbedTokenError("bad_request", 400, message, { verdict: "mismatch", reason: message });

/**
 * Verify an Embed token as Gr4vy does: ES512 only, signed by the merchant's
 * key, `kid` = that key's RFC 7638 thumbprint, `embed` in `scopes`, not
 * expired nor early, an `embed` claim with amount and currency.
 *
 * @example
 * const token = await verifyEmbedToken(jwt, createPublicKey(privatePem));
 * token.embed.amount; // 1299
 */
export async function verifyEmbedToken(
  token: unknown,
  publicKey: KeyObject,
  now = Date.now(),
): Promise<VerifiedEmbedToken> {
  if (typeof token !== "string" || token.length === 0 || token.length > 16_384) {
    throw unauthorized("The embed token is missing", {
      verdict: "malformed",
      reason: typeof token === "string" && token.length > 0 ? "the token is too long" : "no token",
    });
  }
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw unauthorized("The embed token is malformed", {
      verdict: "malformed",
      reason: "not a JWT (three base64url parts with JSON)",
    });
  }
  const expected = await keyId(publicKey);
  if (kid !== expected) {
    throw unauthorized("The embed token was signed with an unknown key (kid)", {
      verdict: "wrong-key",
      reason: `kid ${JSON.stringify(kid)} is not the thumbprint of the merchant's key (${expected})`,
    });
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: ["ES512"],
      requiredClaims: ["exp", "iat", "jti"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    const detail = joseVerdict(err, token, { alg: "ES512", key: "the merchant's key" }, now);
    if (detail.verdict === "expired") throw unauthorized("The embed token has expired", detail);
    throw unauthorized("The embed token signature or format is invalid", detail);
  }
  if (!Array.isArray(payload.scopes) || !payload.scopes.includes("embed")) {
    throw unauthorized("The embed token lacks the embed scope", {
      verdict: "wrong-audience",
      reason: `scopes ${JSON.stringify(payload.scopes)} do not include "embed"`,
    });
  }
  const embed = payload.embed as Gr4vyEmbedClaim | undefined;
  if (
    typeof embed !== "object" ||
    embed === null ||
    !Number.isSafeInteger(embed.amount) ||
    typeof embed.currency !== "string"
  ) {
    const reason = "The embed token does not pin an amount and currency";
    throw unauthorized(reason, { verdict: "invalid-claims", reason });
  }
  return {
    jti: String(payload.jti),
    exp: Number(payload.exp),
    embed,
    checkoutSessionId:
      typeof payload.checkout_session_id === "string" ? payload.checkout_session_id : undefined,
  };
}

const LOOSE = { maxAmount: 99_999_999, maxCartItems: 249, maxMetadataKeys: 100 };

/**
 * Check that the options the page handed Embed match what the token pins,
 * as Gr4vy does: a page cannot show or charge another amount, currency,
 * buyer or cart than the merchant's server signed.
 *
 * @example
 * checkPinnedOptions(await verifyEmbedToken(jwt, publicKey), { amount: 1299, currency: "USD" });
 */
export function checkPinnedOptions(token: VerifiedEmbedToken, options: unknown): void {
  const o = (typeof options === "object" && options !== null ? options : {}) as Record<
    string,
    unknown
  >;
  const pinned = token.embed;
  if (o.amount !== pinned.amount) throw mismatch("The amount does not match the embed token");
  if (o.currency !== pinned.currency) {
    throw mismatch("The currency does not match the embed token");
  }
  const given: Record<string, unknown> = {};
  for (const key of GR4VY_PINNED_FIELDS) {
    if (o[key] !== undefined) given[key] = o[key];
  }
  let asClaim: Gr4vyEmbedClaim;
  try {
    asClaim = checkCheckout(given, LOOSE).embed;
  } catch (err) {
    throw mismatch(`Invalid Embed option: ${(err as Error).message}`);
  }
  for (const key of [
    "buyer_id",
    "buyer_external_identifier",
    "metadata",
    "cart_items",
    "merchant_account_id",
  ] as const) {
    if (pinned[key] !== undefined && stable(pinned[key]) !== stable(asClaim[key])) {
      throw mismatch(`${key} does not match the embed token`);
    }
  }
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

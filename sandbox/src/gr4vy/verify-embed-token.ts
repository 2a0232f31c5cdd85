import type { KeyObject } from "node:crypto";
import { GR4VY_PINNED_FIELDS, type Gr4vyEmbedClaim, checkCheckout } from "@widget-tokens/shared";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { keyId } from "./key-id.js";

/** Why Gr4vy refuses an embed token or the options Embed was given. */
export class EmbedTokenError extends Error {
  constructor(
    /** Gr4vy's error code: `unauthorized` (401) or `bad_request` (400). */
    readonly code: "unauthorized" | "bad_request",
    readonly status: 401 | 400,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedEmbedToken {
  jti: string;
  exp: number;
  embed: Gr4vyEmbedClaim;
  checkoutSessionId?: string;
}

const unauthorized = (message: string) => new EmbedTokenError("unauthorized", 401, message);

/**
 * Verify an Embed token as Gr4vy does: ES512 only, signed by the merchant's
 * key, `kid` = that key's RFC 7638 thumbprint, `embed` in `scopes`, not
 * expired nor early, an `embed` claim with amount and currency.
 */
export async function verifyEmbedToken(
  token: unknown,
  publicKey: KeyObject,
  now = Date.now(),
): Promise<VerifiedEmbedToken> {
  if (typeof token !== "string" || token.length === 0 || token.length > 16_384) {
    throw unauthorized("The embed token is missing");
  }
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw unauthorized("The embed token is malformed");
  }
  if (kid !== (await keyId(publicKey))) {
    throw unauthorized("The embed token was signed with an unknown key (kid)");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: ["ES512"],
      requiredClaims: ["exp", "iat", "jti"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") throw unauthorized("The embed token has expired");
    throw unauthorized("The embed token signature or format is invalid");
  }
  if (!Array.isArray(payload.scopes) || !payload.scopes.includes("embed")) {
    throw unauthorized("The embed token lacks the embed scope");
  }
  const embed = payload.embed as Gr4vyEmbedClaim | undefined;
  if (
    typeof embed !== "object" ||
    embed === null ||
    !Number.isSafeInteger(embed.amount) ||
    typeof embed.currency !== "string"
  ) {
    throw unauthorized("The embed token does not pin an amount and currency");
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
 */
export function checkPinnedOptions(token: VerifiedEmbedToken, options: unknown): void {
  const o = (typeof options === "object" && options !== null ? options : {}) as Record<
    string,
    unknown
  >;
  const pinned = token.embed;
  if (o.amount !== pinned.amount) {
    throw new EmbedTokenError("bad_request", 400, "The amount does not match the embed token");
  }
  if (o.currency !== pinned.currency) {
    throw new EmbedTokenError("bad_request", 400, "The currency does not match the embed token");
  }
  const given: Record<string, unknown> = {};
  for (const key of GR4VY_PINNED_FIELDS) {
    if (o[key] !== undefined) given[key] = o[key];
  }
  let asClaim: Gr4vyEmbedClaim;
  try {
    asClaim = checkCheckout(given, LOOSE).embed;
  } catch (err) {
    throw new EmbedTokenError(
      "bad_request",
      400,
      `Invalid Embed option: ${(err as Error).message}`,
    );
  }
  for (const key of [
    "buyer_id",
    "buyer_external_identifier",
    "metadata",
    "cart_items",
    "merchant_account_id",
  ] as const) {
    if (pinned[key] !== undefined && stable(pinned[key]) !== stable(asClaim[key])) {
      throw new EmbedTokenError("bad_request", 400, `${key} does not match the embed token`);
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

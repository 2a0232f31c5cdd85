import type { KeyObject } from "node:crypto";
import type { JackpotInitClaims } from "@widget-tokens/shared";
import { jwtVerify } from "jose";

/** A refused exchange: an OAuth 2.0 error code (RFC 6749 §5.2) and a description. */
export class GrantError extends Error {
  constructor(
    readonly error:
      | "invalid_request"
      | "invalid_client"
      | "invalid_grant"
      | "unsupported_grant_type",
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

/**
 * Verify an initialization token as Jackpot does: HS256 only, the account's
 * `apiSignature`, a fresh `iat` (at most `maxAgeSeconds` old, at most 30 s in
 * the future), and every claim present and well typed.
 * (One-time use is the caller's: it owns the ledger.)
 */
export async function verifyAssertion(
  assertion: unknown,
  key: KeyObject,
  nowSeconds: number,
  maxAgeSeconds: number,
): Promise<JackpotInitClaims> {
  if (typeof assertion !== "string" || assertion.length === 0 || assertion.length > 4096) {
    throw new GrantError("invalid_request", "assertion is missing");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: ["HS256"],
      requiredClaims: ["iat"],
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch {
    throw new GrantError("invalid_grant", "assertion signature or format is invalid");
  }
  const { amount, cp, age, gender, userId, iat, notificationKey } = payload;
  if (typeof iat !== "number" || iat > nowSeconds + 30 || nowSeconds - iat > maxAgeSeconds) {
    throw new GrantError("invalid_grant", "assertion iat is not fresh");
  }
  if (
    typeof amount !== "number" ||
    !Number.isFinite(amount) ||
    amount <= 0 ||
    Math.round(amount * 100) / 100 !== amount
  ) {
    throw new GrantError("invalid_grant", "amount must be a positive number with two decimals");
  }
  if (typeof cp !== "string" || cp.length === 0)
    throw new GrantError("invalid_grant", "cp is required");
  if (typeof age !== "number" || !Number.isInteger(age)) {
    throw new GrantError("invalid_grant", "age must be an integer");
  }
  if (gender !== undefined && typeof gender !== "string") {
    throw new GrantError("invalid_grant", "gender must be a string");
  }
  if (typeof userId !== "string" || userId.length === 0) {
    throw new GrantError("invalid_grant", "userId is required");
  }
  if (typeof notificationKey !== "string" || notificationKey.length < 16) {
    throw new GrantError("invalid_grant", "notificationKey is required");
  }
  return payload as unknown as JackpotInitClaims;
}

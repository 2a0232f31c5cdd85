import type { KeyObject } from "node:crypto";
import type { JackpotInitClaims } from "@widget-tokens/shared";
import { jwtVerify } from "jose";
import { humanDuration, isoOfSeconds } from "../inspect/human-time.js";
import { TokenRejection, type VerdictDetail, joseVerdict } from "../inspect/verdict.js";

/** A refused exchange: an OAuth 2.0 error code (RFC 6749 §5.2), a description, the sandbox's verdict. */
export class GrantError extends TokenRejection {
  constructor(
    readonly error:
      | "invalid_request"
      | "invalid_client"
      | "invalid_grant"
      | "unsupported_grant_type",
    readonly description: string,
    readonly status = 400,
    detail?: VerdictDetail,
  ) {
    super(description, detail);
  }
}

const invalidGrant = (reason: string) =>
  new GrantError("invalid_grant", reason, 400, { verdict: "invalid-claims", reason });

/**
 * Verify an initialization token as Jackpot does: HS256 only, the account's
 * `apiSignature`, a fresh `iat` (at most `maxAgeSeconds` old, at most 30 s in
 * the future), and every claim present and well typed.
 * (One-time use is the caller's: it owns the ledger.)
 *
 * @example
 * const claims = await verifyAssertion(assertion, key, Math.floor(Date.now() / 1000), 300);
 */
export async function verifyAssertion(
  assertion: unknown,
  key: KeyObject,
  nowSeconds: number,
  maxAgeSeconds: number,
): Promise<JackpotInitClaims> {
  if (typeof assertion !== "string" || assertion.length === 0 || assertion.length > 4096) {
    throw new GrantError("invalid_request", "assertion is missing", 400, {
      verdict: "malformed",
      reason:
        typeof assertion === "string" && assertion.length > 0
          ? "the assertion is over 4096 characters"
          : "no assertion",
    });
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: ["HS256"],
      requiredClaims: ["iat"],
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch (err) {
    throw new GrantError(
      "invalid_grant",
      "assertion signature or format is invalid",
      400,
      joseVerdict(
        err,
        assertion,
        { alg: "HS256", key: "the account's apiSignature" },
        nowSeconds * 1000,
      ),
    );
  }
  const { amount, cp, age, gender, userId, iat, notificationKey } = payload;
  if (typeof iat !== "number" || iat > nowSeconds + 30 || nowSeconds - iat > maxAgeSeconds) {
    const detail: VerdictDetail =
      typeof iat !== "number"
        ? { verdict: "invalid-claims", reason: "iat must be a number" }
        : iat > nowSeconds
          ? { verdict: "not-yet-valid", reason: `issued in the future (iat ${isoOfSeconds(iat)})` }
          : {
              verdict: "expired",
              reason: `issued ${humanDuration((nowSeconds - iat) * 1000)} ago; Jackpot accepts an assertion for ${humanDuration(maxAgeSeconds * 1000)} (iat ${isoOfSeconds(iat)})`,
            };
    throw new GrantError("invalid_grant", "assertion iat is not fresh", 400, detail);
  }
  if (
    typeof amount !== "number" ||
    !Number.isFinite(amount) ||
    amount <= 0 ||
    Math.round(amount * 100) / 100 !== amount
  ) {
    throw invalidGrant("amount must be a positive number with two decimals");
  }
  if (typeof cp !== "string" || cp.length === 0) throw invalidGrant("cp is required");
  if (typeof age !== "number" || !Number.isInteger(age)) {
    throw invalidGrant("age must be an integer");
  }
  if (gender !== undefined && typeof gender !== "string") {
    throw invalidGrant("gender must be a string");
  }
  if (typeof userId !== "string" || userId.length === 0) {
    throw invalidGrant("userId is required");
  }
  if (typeof notificationKey !== "string" || notificationKey.length < 16) {
    throw invalidGrant("notificationKey is required");
  }
  return payload as unknown as JackpotInitClaims;
}

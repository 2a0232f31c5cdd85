import type { KeyObject } from "node:crypto";
import { FLUZ_TRANSACTION_TYPES, type FluzPatClaims } from "@widget-tokens/shared";
import { jwtVerify } from "jose";
import { isoOfSeconds } from "../inspect/human-time.js";
import { TokenRejection, type VerdictDetail, joseVerdict } from "../inspect/verdict.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Fluz's refusal: its error `code` and message, with the sandbox's verdict. */
export class PatTokenError extends TokenRejection {
  constructor(
    readonly code: "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_ALREADY_USED",
    message: string,
    detail?: VerdictDetail,
  ) {
    super(message, detail);
  }
}

const invalid = (reason: string) =>
  new PatTokenError("INVALID_TOKEN", reason, { verdict: "invalid-claims", reason });

/**
 * Verify a patToken as Fluz does: HS256 only, the account's secret, every
 * claim present and well typed, not expired, not issued more than 30 s in
 * the future, the account's apiKey.
 * (One-time use of `jti` is the caller's: it owns the ledger.)
 *
 * @example
 * const claims = await verifyPatToken(token, createSecretKey(Buffer.from(apiSecret)), apiKey);
 */
export async function verifyPatToken(
  token: unknown,
  secret: KeyObject,
  apiKey: string,
  now = Date.now(),
): Promise<FluzPatClaims> {
  if (typeof token !== "string" || token.length > 4096) {
    throw new PatTokenError("INVALID_TOKEN", "patToken is missing", {
      verdict: "malformed",
      reason: typeof token === "string" ? "the patToken is over 4096 characters" : "no patToken",
    });
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat", "jti"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    const detail = joseVerdict(err, token, { alg: "HS256", key: "the account's apiSecret" }, now);
    if (detail.verdict === "expired")
      throw new PatTokenError("TOKEN_EXPIRED", "patToken has expired", detail);
    throw new PatTokenError("INVALID_TOKEN", "patToken signature or format is invalid", detail);
  }
  const { amount, transactionType, externalId, jti, iat } = payload;
  // Fluz, like Jackpot, allows 30 s of clock skew, not a token minted ahead of time.
  if (typeof iat === "number" && iat > now / 1000 + 30) {
    throw new PatTokenError("INVALID_TOKEN", "patToken is issued in the future", {
      verdict: "not-yet-valid",
      reason: `issued in the future (iat ${isoOfSeconds(iat)})`,
    });
  }
  if (payload.apiKey !== apiKey) {
    throw new PatTokenError("INVALID_TOKEN", "apiKey does not match this account", {
      verdict: "wrong-audience",
      reason: `apiKey ${JSON.stringify(payload.apiKey)} is not this account's apiKey`,
    });
  }
  if (
    typeof amount !== "number" ||
    !Number.isFinite(amount) ||
    amount <= 0 ||
    Math.round(amount * 100) / 100 !== amount
  ) {
    throw invalid("amount must be a positive number in dollars and cents");
  }
  if (!FLUZ_TRANSACTION_TYPES.includes(transactionType as never)) {
    throw invalid("transactionType must be DEPOSIT or WITHDRAW");
  }
  if (typeof externalId !== "string" || externalId.length === 0) {
    throw invalid("externalId is required");
  }
  if (typeof jti !== "string" || !UUID_V4.test(jti)) {
    throw invalid("jti must be a UUID v4");
  }
  return payload as unknown as FluzPatClaims;
}

import type { KeyObject } from "node:crypto";
import { FLUZ_TRANSACTION_TYPES, type FluzPatClaims } from "@widget-tokens/shared";
import { jwtVerify } from "jose";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export class PatTokenError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verify a patToken as Fluz does: HS256 only, the account's secret, every
 * claim present and well typed, not expired, the account's apiKey.
 * (One-time use of `jti` is the caller's: it owns the ledger.)
 */
export async function verifyPatToken(
  token: unknown,
  secret: KeyObject,
  apiKey: string,
): Promise<FluzPatClaims> {
  if (typeof token !== "string" || token.length > 4096) {
    throw new PatTokenError("INVALID_TOKEN", "patToken is missing");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat", "jti"],
    }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED")
      throw new PatTokenError("TOKEN_EXPIRED", "patToken has expired");
    throw new PatTokenError("INVALID_TOKEN", "patToken signature or format is invalid");
  }
  const { amount, transactionType, externalId, jti } = payload;
  if (payload.apiKey !== apiKey)
    throw new PatTokenError("INVALID_TOKEN", "apiKey does not match this account");
  if (
    typeof amount !== "number" ||
    !Number.isFinite(amount) ||
    amount <= 0 ||
    Math.round(amount * 100) / 100 !== amount
  ) {
    throw new PatTokenError(
      "INVALID_TOKEN",
      "amount must be a positive number in dollars and cents",
    );
  }
  if (!FLUZ_TRANSACTION_TYPES.includes(transactionType as never)) {
    throw new PatTokenError("INVALID_TOKEN", "transactionType must be DEPOSIT or WITHDRAW");
  }
  if (typeof externalId !== "string" || externalId.length === 0) {
    throw new PatTokenError("INVALID_TOKEN", "externalId is required");
  }
  if (typeof jti !== "string" || !UUID_V4.test(jti)) {
    throw new PatTokenError("INVALID_TOKEN", "jti must be a UUID v4");
  }
  return payload as unknown as FluzPatClaims;
}

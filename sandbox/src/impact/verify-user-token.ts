import type { KeyObject } from "node:crypto";
import type { ImpactUserClaim, ImpactUserClaims } from "@widget-tokens/shared";
import { decodeProtectedHeader, jwtVerify } from "jose";

/** A widget API refusal, answered as `{message, statusCode, apiErrorCode}` like impact.com's API. */
export class ImpactApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly apiErrorCode: string,
    message: string,
  ) {
    super(message);
  }

  toJSON() {
    return { message: this.message, statusCode: this.statusCode, apiErrorCode: this.apiErrorCode };
  }
}

const MAX_TOKEN_LENGTH = 8192;
const USER_FIELDS = ["id", "accountId", "firstName", "lastName", "email", "locale"] as const;

const unauthorized = (code: string, message: string) => new ImpactApiError(401, code, message);

/**
 * Verify a user JWT as impact.com does: HS256 only (pinned), signed with the
 * tenant's auth token, `kid` = the account SID, `typ` JWT, `exp` present and
 * in the future, a `user` claim with string `id` and `accountId`.
 */
export async function verifyUserToken(
  token: unknown,
  key: KeyObject,
  accountSid: string,
): Promise<ImpactUserClaims> {
  if (typeof token !== "string" || token.length === 0) {
    throw unauthorized("TOKEN_MISSING", "A user token is required");
  }
  if (token.length > MAX_TOKEN_LENGTH)
    throw unauthorized("TOKEN_INVALID", "User token is too long");
  let kid: unknown;
  try {
    ({ kid } = decodeProtectedHeader(token));
  } catch {
    throw unauthorized("TOKEN_INVALID", "User token is not a JWT");
  }
  if (kid !== accountSid) {
    throw unauthorized("TOKEN_KID_MISMATCH", "User token kid is not this account's SID");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      typ: "JWT",
      requiredClaims: ["exp"],
    }));
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_JWT_EXPIRED") {
      throw unauthorized("TOKEN_EXPIRED", "User token has expired");
    }
    throw unauthorized("TOKEN_INVALID", "User token signature, algorithm or format is invalid");
  }
  const user = payload.user as Record<string, unknown> | undefined;
  if (typeof user !== "object" || user === null || Array.isArray(user)) {
    throw unauthorized("TOKEN_INVALID", "User token has no user claim");
  }
  for (const field of ["id", "accountId"] as const) {
    if (typeof user[field] !== "string" || (user[field] as string).length === 0) {
      throw unauthorized("TOKEN_INVALID", `User token user.${field} is required`);
    }
  }
  for (const field of USER_FIELDS) {
    if (user[field] !== undefined && typeof user[field] !== "string") {
      throw unauthorized("TOKEN_INVALID", `User token user.${field} must be a string`);
    }
  }
  return payload as unknown as ImpactUserClaims;
}

/**
 * Whether an upsert body is the token's user: the same fields with the same
 * values. squatch-js adds `cookies` (the referral cookie) on its own; that
 * field is not part of the identity and is left out of the comparison.
 */
export function sameUser(body: unknown, user: ImpactUserClaim): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { cookies: _cookies, ...rest } = body as Record<string, unknown>;
  const a = Object.keys(rest).sort();
  const b = Object.keys(user).sort();
  return (
    a.length === b.length &&
    a.every((k, i) => k === b[i] && rest[k] === (user as unknown as Record<string, unknown>)[k])
  );
}

import type { KeyObject } from "node:crypto";
import type { ImpactUserClaim, ImpactUserClaims } from "@widget-tokens/shared";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { TokenRejection, type VerdictDetail, joseVerdict } from "../inspect/verdict.js";

/**
 * A widget API refusal, answered as `{message, statusCode, apiErrorCode}`
 * like impact.com's API, with the sandbox's verdict when a token was refused.
 */
export class ImpactApiError extends TokenRejection {
  constructor(
    readonly statusCode: number,
    readonly apiErrorCode: string,
    message: string,
    detail?: VerdictDetail,
  ) {
    super(message, detail);
  }

  toJSON() {
    return { message: this.message, statusCode: this.statusCode, apiErrorCode: this.apiErrorCode };
  }
}

const MAX_TOKEN_LENGTH = 8192;

/**
 * A verified user JWT's claims: `{user, exp}` as impact.com requires, and
 * the `jti` widget-tokens adds (another issuer's token may have none).
 */
export type VerifiedUserClaims = Omit<ImpactUserClaims, "jti"> & { jti?: unknown };
const USER_FIELDS = ["id", "accountId", "firstName", "lastName", "email", "locale"] as const;

const unauthorized = (code: string, message: string, detail?: VerdictDetail) =>
  new ImpactApiError(401, code, message, detail ?? { verdict: "invalid-claims", reason: message });

/**
 * Verify a user JWT as impact.com does: HS256 only (pinned), signed with the
 * tenant's auth token, `kid` = the account SID, `typ` JWT, `exp` present and
 * in the future, a `user` claim with string `id` and `accountId`.
 *
 * @example
 * const { user } = await verifyUserToken(jwt, createSecretKey(Buffer.from(authToken)), accountSid);
 */
export async function verifyUserToken(
  token: unknown,
  key: KeyObject,
  accountSid: string,
  now = Date.now(),
): Promise<VerifiedUserClaims> {
  if (typeof token !== "string" || token.length === 0) {
    throw unauthorized("TOKEN_MISSING", "A user token is required", {
      verdict: "malformed",
      reason: "no user token",
    });
  }
  if (token.length > MAX_TOKEN_LENGTH)
    throw unauthorized("TOKEN_INVALID", "User token is too long", {
      verdict: "malformed",
      reason: `the token is over ${MAX_TOKEN_LENGTH} characters`,
    });
  let kid: unknown;
  try {
    ({ kid } = decodeProtectedHeader(token));
  } catch {
    throw unauthorized("TOKEN_INVALID", "User token is not a JWT", {
      verdict: "malformed",
      reason: "not a JWT (three base64url parts with JSON)",
    });
  }
  if (kid !== accountSid) {
    throw unauthorized("TOKEN_KID_MISMATCH", "User token kid is not this account's SID", {
      verdict: "wrong-key",
      reason: `kid ${JSON.stringify(kid)} is not this account's SID`,
    });
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      typ: "JWT",
      requiredClaims: ["exp"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    const detail = joseVerdict(err, token, { alg: "HS256", key: "the account's auth token" }, now);
    if (detail.verdict === "expired") {
      throw unauthorized("TOKEN_EXPIRED", "User token has expired", detail);
    }
    throw unauthorized(
      "TOKEN_INVALID",
      "User token signature, algorithm or format is invalid",
      detail,
    );
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
  return payload as unknown as VerifiedUserClaims;
}

/**
 * Whether an upsert body is the token's user: the same fields with the same
 * values. squatch-js adds `cookies` (the referral cookie) on its own; that
 * field is not part of the identity and is left out of the comparison.
 *
 * @example
 * sameUser({ id: "u1", accountId: "u1" }, { id: "u1", accountId: "u1" }); // true
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

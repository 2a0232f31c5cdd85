import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from "node:crypto";
import { decodeJwt } from "jose";

/** The provider session kept in the store (encrypted there). Times are epoch ms. */
export interface MerchantApiSession {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** When this access token was obtained (bounds the refresh margin to half its life). */
  obtainedAt: number;
}

/** The documented lifetimes, used when neither the answer nor the token says. */
const DEFAULT_ACCESS_MS = 30 * 60_000;
const DEFAULT_REFRESH_MS = 2 * 86_400_000;

/**
 * Read a login or refresh answer: `accessToken` and `refreshToken` (also
 * `access_token`/`refresh_token`, and a `data` envelope). Expiries come from
 * the tokens' own `exp` claims when they are JWTs, else `expiresIn` /
 * `refreshExpiresIn` (seconds), else the documented 30 minutes and 2 days.
 * A refresh answer without a new refresh token keeps `previous`'s.
 */
export function sessionFromAuthAnswer(
  json: unknown,
  now: number,
  previous?: MerchantApiSession,
): MerchantApiSession | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  let body = json as Record<string, unknown>;
  if (typeof body.data === "object" && body.data !== null && !("accessToken" in body)) {
    body = body.data as Record<string, unknown>;
  }
  const accessToken = str(body.accessToken) ?? str(body.access_token) ?? str(body.token);
  if (accessToken === undefined) return undefined;
  const refreshToken = str(body.refreshToken) ?? str(body.refresh_token) ?? previous?.refreshToken;
  if (refreshToken === undefined) return undefined;
  const accessExpiresAt =
    jwtExpiry(accessToken) ??
    seconds(body.expiresIn ?? body.expires_in, now) ??
    now + DEFAULT_ACCESS_MS;
  const sameRefresh = previous !== undefined && refreshToken === previous.refreshToken;
  const refreshExpiresAt =
    jwtExpiry(refreshToken) ??
    seconds(body.refreshExpiresIn ?? body.refresh_expires_in, now) ??
    (sameRefresh ? previous.refreshExpiresAt : now + DEFAULT_REFRESH_MS);
  return { accessToken, refreshToken, accessExpiresAt, refreshExpiresAt, obtainedAt: now };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 16_384
    ? value
    : undefined;
}

function seconds(value: unknown, now: number): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? now + value * 1000
    : undefined;
}

/** The `exp` of a JWT, in ms, read without verifying (only the provider can). */
function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined; // not a JWT: the answer's expiresIn applies
  }
}

/**
 * Seals sessions for the store with AES-256-GCM, under a key derived with
 * scrypt (once, at construction) from the password and the account's
 * identity: every instance configured with the same credentials can read
 * them; someone who can only read the store (a Redis dump) can neither use
 * the tokens nor cheaply test password guesses against them.
 */
export interface SessionSealer {
  seal(session: MerchantApiSession): string;
  /** The session, or undefined when the value is not ours (other key, tampered, garbage). */
  open(value: string): MerchantApiSession | undefined;
  /** A short keyed digest of `label`: the same for every instance with these credentials, meaningless without them. */
  tag(label: string): string;
}

export function sessionSealer(password: string, identity: string): SessionSealer {
  const key = scryptSync(password, `widget-tokens/merchant-api/session\n${identity}`, 32, {
    N: 16_384,
    r: 8,
    p: 1,
  });
  return {
    tag: (label) => createHmac("sha256", key).update(label).digest("base64url").slice(0, 22),
    seal(session) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
      return `v1.${iv.toString("base64url")}.${body.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
    },
    open(value) {
      const parts = value.split(".");
      if (parts.length !== 4 || parts[0] !== "v1") return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(parts[1]!, "base64url"));
        decipher.setAuthTag(Buffer.from(parts[3]!, "base64url"));
        const text = Buffer.concat([
          decipher.update(Buffer.from(parts[2]!, "base64url")),
          decipher.final(),
        ]).toString("utf8");
        const s = JSON.parse(text) as MerchantApiSession;
        if (
          typeof s.accessToken !== "string" ||
          typeof s.refreshToken !== "string" ||
          typeof s.accessExpiresAt !== "number" ||
          typeof s.refreshExpiresAt !== "number" ||
          typeof s.obtainedAt !== "number"
        ) {
          return undefined;
        }
        return s;
      } catch {
        return undefined;
      }
    },
  };
}

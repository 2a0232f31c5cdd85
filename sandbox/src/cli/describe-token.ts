import { base64url } from "jose";
import { CliError, EXIT } from "../cli-error.js";
import { describeExpiry, isoOfSeconds, relativeTime } from "../inspect/human-time.js";
import { allStandIns } from "../stand-ins.js";

/** A JWT taken apart, its times made readable. */
export interface DescribedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `iat`, `nbf`, `exp` when present: ISO and relative ("in 59 min", "3 h ago"). */
  times: Record<string, { value: number; iso: string; relative: string }>;
  /** "expires in 59 min" / "expired 3 h ago"; null without `exp`. */
  expiry: string | null;
  expired: boolean | null;
  /** Seconds until `exp` (negative once expired); null without `exp`. */
  expiresIn: number | null;
  /** Which provider's claim set it looks like, if any. */
  looksLike: string | null;
}

function part(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64url.decode(text)));
  } catch {
    throw new CliError(
      "NOT_A_JWT",
      `not a JWT: the ${what} is not base64url-encoded JSON`,
      EXIT.failed,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError("NOT_A_JWT", `not a JWT: the ${what} is not a JSON object`, EXIT.failed);
  }
  return value as Record<string, unknown>;
}

/** Which provider's claim set the token has, in the stand-ins' words. */
function guess(header: Record<string, unknown>, claims: Record<string, unknown>): string | null {
  for (const standIn of allStandIns()) {
    const name = standIn.recognize(header, claims);
    if (name) return name;
  }
  return null;
}

/**
 * Decode a JWT without verifying it. Throws `CliError` `NOT_A_JWT` (exit 1)
 * with a one-line reason for anything else.
 *
 * @example
 * describeToken(token).expiry; // "expires in 59 min"
 */
export function describeToken(token: string, now = Date.now()): DescribedToken {
  const parts = token.split(".");
  if (parts.length === 5) {
    throw new CliError(
      "NOT_A_JWT",
      "an encrypted token (JWE): it cannot be decoded without the key",
      EXIT.failed,
    );
  }
  if (parts.length !== 3 || parts[0] === "" || parts[1] === "") {
    throw new CliError(
      "NOT_A_JWT",
      `not a JWT: expected three base64url parts separated by dots, got ${parts.length === 1 ? "no dot" : `${parts.length} parts`}`,
      EXIT.failed,
    );
  }
  const header = part(parts[0]!, "header");
  const claims = part(parts[1]!, "payload");
  const times: DescribedToken["times"] = {};
  for (const name of ["iat", "nbf", "exp"]) {
    const iso = isoOfSeconds(claims[name]);
    if (iso) {
      const value = claims[name] as number;
      times[name] = { value, iso, relative: relativeTime(value * 1000, now) };
    }
  }
  const exp = times.exp?.value;
  return {
    header,
    claims,
    times,
    expiry: exp === undefined ? null : describeExpiry(exp, now),
    expired: exp === undefined ? null : exp * 1000 <= now,
    expiresIn: exp === undefined ? null : Math.round(exp - now / 1000),
    looksLike: guess(header, claims),
  };
}

/**
 * Claims as aligned `name  value` lines, with times in ISO and relative words.
 *
 * @example
 * formatFields({ exp: 1 }, { exp: { value: 1, iso: "…", relative: "55 y ago" } });
 */
export function formatFields(
  fields: Record<string, unknown>,
  times: DescribedToken["times"] = {},
): string[] {
  const width = Math.max(0, ...Object.keys(fields).map((k) => k.length));
  return Object.entries(fields).map(([name, value]) => {
    const time = times[name];
    const shown = time ? `${value}  ${time.iso} (${time.relative})` : JSON.stringify(value);
    return `  ${name.padEnd(width)}  ${shown}`;
  });
}

import { decodeProtectedHeader } from "jose";
import { describeExpiry, isoOfSeconds, relativeTime } from "./human-time.js";

/**
 * What a stand-in concluded about a token it received:
 * - `valid`: accepted;
 * - `expired`: past its `exp` (or, for Jackpot, its `iat` too old);
 * - `not-yet-valid`: before its `nbf` (or an `iat` in the future);
 * - `bad-signature`: the signature does not verify with the account's key;
 * - `wrong-algorithm`: not the algorithm the provider pins;
 * - `wrong-key`: the header names another key (`kid`);
 * - `wrong-audience`: a good token for another account, user or use;
 * - `mismatch`: the request does not match what the token pins (amount, user);
 * - `invalid-claims`: a claim missing or ill-typed;
 * - `replayed`: a one-time token or assertion used again;
 * - `malformed`: not a JWT at all, or missing.
 */
export const VERDICTS = [
  "valid",
  "expired",
  "not-yet-valid",
  "bad-signature",
  "wrong-algorithm",
  "wrong-key",
  "wrong-audience",
  "mismatch",
  "invalid-claims",
  "replayed",
  "malformed",
] as const;

export type Verdict = (typeof VERDICTS)[number];

/** A verdict and the reason a person can act on. */
export interface VerdictDetail {
  verdict: Verdict;
  reason: string;
}

/**
 * A stand-in's refusal of a token: the provider's own error (its `message`
 * is what the provider answers) with the sandbox's verdict and reason,
 * which say more than a real provider would.
 *
 * @example
 * throw new TokenRejection("patToken has expired", { verdict: "expired", reason: "expired 3 min ago" });
 */
export class TokenRejection extends Error {
  readonly detail: VerdictDetail;
  constructor(message: string, detail?: VerdictDetail) {
    super(message);
    this.detail = detail ?? { verdict: "invalid-claims", reason: message };
  }
}

/** What the verifier checks with, for reasons such as "does not verify with FLUZ_API_SECRET". */
export interface KeyDescription {
  /** The pinned algorithm, e.g. "HS256". */
  alg: string;
  /** The key in words: "the account's apiSecret". */
  key: string;
}

/**
 * Turn an error of jose's `jwtVerify` into a verdict and a reason.
 *
 * @example
 * try { await jwtVerify(token, key, { algorithms: ["HS256"] }); }
 * catch (err) { const { verdict, reason } = joseVerdict(err, token, { alg: "HS256", key: "the apiSecret" }); }
 */
export function joseVerdict(
  err: unknown,
  token: string,
  described: KeyDescription,
  nowMs = Date.now(),
): VerdictDetail {
  const e = err as { code?: string; claim?: string; reason?: string; payload?: { exp?: unknown } };
  switch (e.code) {
    case "ERR_JWT_EXPIRED": {
      const exp = e.payload?.exp;
      const iso = isoOfSeconds(exp);
      return {
        verdict: "expired",
        reason:
          typeof exp === "number" && iso
            ? `${describeExpiry(exp, nowMs)} (exp ${iso})`
            : "the token has expired",
      };
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return {
        verdict: "bad-signature",
        reason: `the ${described.alg} signature does not verify with ${described.key}`,
      };
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return {
        verdict: "wrong-algorithm",
        reason: `alg ${JSON.stringify(headerAlg(token))} is not allowed: the provider pins ${described.alg}`,
      };
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const payload = (e.payload ?? {}) as Record<string, unknown>;
      if (e.claim === "nbf" && typeof payload.nbf === "number") {
        return {
          verdict: "not-yet-valid",
          reason: `not valid before ${isoOfSeconds(payload.nbf)} (${relativeTime(payload.nbf * 1000, nowMs)})`,
        };
      }
      if (e.claim === "iat" && typeof payload.iat === "number") {
        return {
          verdict: "not-yet-valid",
          reason: `issued in the future (iat ${isoOfSeconds(payload.iat)})`,
        };
      }
      if (e.reason === "missing")
        return { verdict: "invalid-claims", reason: `the "${e.claim}" claim is missing` };
      if (e.claim === "typ")
        return { verdict: "invalid-claims", reason: 'the header "typ" must be "JWT"' };
      return {
        verdict: "invalid-claims",
        reason: `the "${e.claim}" claim is invalid`,
      };
    }
    default:
      return { verdict: "malformed", reason: "not a JWT (three base64url parts with JSON)" };
  }
}

function headerAlg(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

/**
 * The verdict carried by an error a verifier threw, or `malformed` for any
 * other error.
 *
 * @example
 * detailOf(new TokenRejection("no", { verdict: "replayed", reason: "used twice" })).verdict; // "replayed"
 */
export function detailOf(err: unknown): VerdictDetail {
  if (err instanceof TokenRejection) return err.detail;
  return { verdict: "malformed", reason: (err as Error)?.message ?? "the token was refused" };
}

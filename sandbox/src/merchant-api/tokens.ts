import { type KeyObject, generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { isoOfSeconds } from "../inspect/human-time.js";
import { type VerdictDetail, joseVerdict } from "../inspect/verdict.js";

export type MerchantTokenKind = "access" | "refresh";

interface MerchantTokenClaims {
  sub: string;
  merchant_id: string;
  typ: MerchantTokenKind;
  jti: string;
  /** Issue sequence number (lets `expireIssued` expire tokens minted in the same second). */
  seq: number;
  iat: number;
  exp: number;
}

export type VerifyResult =
  | { ok: true; claims: MerchantTokenClaims; detail: VerdictDetail }
  | { ok: false; reason: "expired"; expiredAt: Date; detail: VerdictDetail }
  | { ok: false; reason: "invalid"; detail: VerdictDetail };

const invalid = (verdict: VerdictDetail["verdict"], reason: string): VerifyResult => ({
  ok: false,
  reason: "invalid",
  detail: { verdict, reason },
});

/**
 * The sandbox's signing keys: an RSA key pair made at start, RS256 access
 * and refresh tokens, verified with the algorithm pinned. `expireIssued`
 * lets a test make every token issued so far answer as expired (the
 * provider's clock running ahead of the client's).
 *
 * @example
 * const issuer = new MerchantTokenIssuer({ access: 1800, refresh: 172_800 });
 * const { token } = await issuer.issue("access", "ops@shop.example", "merchant-42");
 * (await issuer.verify(token, "access")).ok; // true
 */
export class MerchantTokenIssuer {
  readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;
  /** Tokens of each kind with a `seq` up to this one answer as expired. */
  private readonly expiredBefore: Record<MerchantTokenKind, number> = { access: 0, refresh: 0 };
  private issued = 0;

  constructor(private readonly lifetimes: Record<MerchantTokenKind, number>) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
  }

  async issue(
    kind: MerchantTokenKind,
    email: string,
    merchantId: string,
  ): Promise<{ token: string; exp: number; jti: string }> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.lifetimes[kind];
    const claims: MerchantTokenClaims = {
      sub: email,
      merchant_id: merchantId,
      typ: kind,
      jti: randomUUID(),
      seq: ++this.issued,
      iat,
      exp,
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .sign(this.privateKey);
    return { token, exp, jti: claims.jti };
  }

  async verify(token: unknown, kind: MerchantTokenKind, now = Date.now()): Promise<VerifyResult> {
    if (typeof token !== "string" || token.length === 0) return invalid("malformed", "no token");
    if (token.length > 8192) return invalid("malformed", "the token is over 8192 characters");
    let claims: MerchantTokenClaims;
    try {
      ({ payload: claims } = (await jwtVerify(token, this.publicKey, {
        algorithms: ["RS256"],
        currentDate: new Date(now),
      })) as unknown as { payload: MerchantTokenClaims });
    } catch (err) {
      const detail = joseVerdict(err, token, { alg: "RS256", key: "the provider's key" }, now);
      if (detail.verdict === "expired") {
        const exp = (err as { payload?: { exp?: number } }).payload?.exp ?? now / 1000;
        return { ok: false, reason: "expired", expiredAt: new Date(exp * 1000), detail };
      }
      return { ok: false, reason: "invalid", detail };
    }
    if (claims.typ !== kind) {
      return invalid("wrong-audience", `a ${claims.typ} token where a ${kind} token is expected`);
    }
    if (claims.seq <= this.expiredBefore[kind]) {
      return {
        ok: false,
        reason: "expired",
        expiredAt: new Date(now),
        detail: {
          verdict: "expired",
          reason: `expired by the sandbox (expireIssued), exp was ${isoOfSeconds(claims.exp)}`,
        },
      };
    }
    return { ok: true, claims, detail: { verdict: "valid", reason: `a valid ${kind} token` } };
  }

  /** Change a lifetime (seconds) for the tokens issued from now on. */
  setLifetime(kind: MerchantTokenKind, seconds: number): void {
    this.lifetimes[kind] = seconds;
  }

  /** Make every token of `kind` issued so far answer as expired. */
  expireIssued(kind: MerchantTokenKind): void {
    this.expiredBefore[kind] = this.issued;
  }
}

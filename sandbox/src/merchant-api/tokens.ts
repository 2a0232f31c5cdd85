import { type KeyObject, generateKeyPairSync, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";

export type MerchantTokenKind = "access" | "refresh";

export interface MerchantTokenClaims {
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
  | { ok: true; claims: MerchantTokenClaims }
  | { ok: false; reason: "expired"; expiredAt: Date }
  | { ok: false; reason: "invalid" };

/**
 * The sandbox's signing keys: an RSA key pair made at start, RS256 access
 * and refresh tokens, verified with the algorithm pinned. `expireBefore`
 * lets a test make every token issued so far answer as expired (the
 * provider's clock running ahead of the client's).
 */
export class MerchantTokenIssuer {
  readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;
  /** Tokens of each kind issued before this epoch-ms are treated as expired. */
  private readonly expiredBefore: Record<MerchantTokenKind, number> = { access: 0, refresh: 0 };
  private issued = 0;

  constructor(private readonly lifetimes: Record<MerchantTokenKind, number>) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
  }

  issue(
    kind: MerchantTokenKind,
    email: string,
    merchantId: string,
  ): { token: string; exp: number } {
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
    const token = jwt.sign(claims, this.privateKey, {
      algorithm: "RS256",
      header: { alg: "RS256", typ: "JWT" },
    });
    return { token, exp };
  }

  verify(token: unknown, kind: MerchantTokenKind): VerifyResult {
    if (typeof token !== "string" || token.length > 8192) return { ok: false, reason: "invalid" };
    try {
      const claims = jwt.verify(token, this.publicKey, {
        algorithms: ["RS256"],
      }) as MerchantTokenClaims;
      if (claims.typ !== kind) return { ok: false, reason: "invalid" };
      if (claims.seq <= this.expiredBefore[kind]) {
        return { ok: false, reason: "expired", expiredAt: new Date() };
      }
      return { ok: true, claims };
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError)
        return { ok: false, reason: "expired", expiredAt: err.expiredAt };
      return { ok: false, reason: "invalid" };
    }
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

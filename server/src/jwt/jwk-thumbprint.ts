import { type KeyObject, createHash, createPublicKey } from "node:crypto";

/** The members RFC 7638 hashes, by key type, in lexicographic order. */
const REQUIRED: Record<string, readonly string[]> = {
  EC: ["crv", "kty", "x", "y"],
  RSA: ["e", "kty", "n"],
  OKP: ["crv", "kty", "x"],
};

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a key's public part:
 * what Gr4vy uses as the `kid` of a token. A private key gives the same
 * thumbprint as its public key.
 *
 * @example
 * const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
 * const kid = jwkThumbprint(privateKey); // "va-SLs5AxJNfqKXD8LI5Y38BflpNvjZjY4RSWz66U1w"
 */
export function jwkThumbprint(key: KeyObject): string {
  const pub = key.type === "public" ? key : createPublicKey(key);
  const jwk = pub.export({ format: "jwk" }) as Record<string, unknown>;
  const kty = String(jwk.kty);
  const members = REQUIRED[kty];
  if (members === undefined) throw new TypeError(`jwkThumbprint: unsupported key type ${kty}`);
  // JSON.stringify of strings matches RFC 7638's canonical form (no whitespace, ordered members).
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(",")}}`;
  return createHash("sha256").update(canonical, "utf8").digest("base64url");
}

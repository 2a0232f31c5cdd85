import { type KeyObject, createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK } from "jose";

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a key's public part,
 * computed by jose: what Gr4vy uses as the `kid` of a token. A private key
 * gives the same thumbprint as its public key. Asynchronous (Web Crypto):
 * call it once, at start-up, and keep the promise.
 *
 * @example
 * const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
 * const kid = await keyId(privateKey); // "va-SLs5AxJNfqKXD8LI5Y38BflpNvjZjY4RSWz66U1w"
 */
export async function keyId(key: KeyObject): Promise<string> {
  const publicKey = key.type === "public" ? key : createPublicKey(key);
  return calculateJwkThumbprint(await exportJWK(publicKey), "sha256");
}

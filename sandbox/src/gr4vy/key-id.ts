import type { KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK } from "jose";

const cache = new WeakMap<KeyObject, Promise<string>>();

/**
 * The `kid` Gr4vy expects: the RFC 7638 thumbprint (SHA-256) of the
 * merchant's public key, computed with jose (not the signer's code), once per key.
 */
export function keyId(publicKey: KeyObject): Promise<string> {
  let id = cache.get(publicKey);
  if (id === undefined) {
    id = exportJWK(publicKey).then((jwk) => calculateJwkThumbprint(jwk, "sha256"));
    cache.set(publicKey, id);
  }
  return id;
}

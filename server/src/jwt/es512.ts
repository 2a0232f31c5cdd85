import { type KeyObject, sign } from "node:crypto";
import { encodeSegment } from "./hs256.js";

/**
 * Sign `data` with ES512 (ECDSA P-521, SHA-512) on libuv's thread pool: the
 * callback form of `crypto.sign` never runs the ~2 ms of curve arithmetic on
 * the event loop. The signature is JOSE's fixed-size `r || s` (IEEE P1363).
 */
export function signEs512(key: KeyObject, data: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sign("sha512", Buffer.from(data, "utf8"), { key, dsaEncoding: "ieee-p1363" }, (err, sig) => {
      if (err) reject(err);
      else resolve(sig);
    });
  });
}

/**
 * An ES512 JWT signer with its protected header encoded once. Signing is
 * asynchronous and runs off the event loop.
 *
 * @example
 * const key = createPrivateKey(pem); // a P-521 key
 * const sign = es512Signer(key, { typ: "JWT", kid: jwkThumbprint(key) });
 * const jwt = await sign({ scopes: ["embed"], exp: 1700000000 });
 */
export function es512Signer(
  key: KeyObject,
  header: Record<string, unknown> = { typ: "JWT" },
): (payload: Record<string, unknown>) => Promise<string> {
  const encodedHeader = encodeSegment({ alg: "ES512", ...header });
  return async (payload) => {
    const signingInput = `${encodedHeader}.${encodeSegment(payload)}`;
    const signature = await signEs512(key, signingInput);
    return `${signingInput}.${signature.toString("base64url")}`;
  };
}

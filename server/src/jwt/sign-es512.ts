import { type KeyObject, webcrypto } from "node:crypto";
import { SignJWT } from "jose";

/**
 * An ES512 (ECDSA P-521, SHA-512) JWT signer over jose's `SignJWT`, with
 * header `{alg: "ES512", typ: "JWT", kid}`. Signing goes through Web Crypto,
 * off the event loop. The key becomes a non-extractable `CryptoKey` once,
 * here: left to jose, every request that comes before its cache is filled
 * would import the key again, ~6 ms each, on the event loop. `kid` may be a
 * promise (`keyId(key)`, started once at start-up): each call awaits the same,
 * already settled, header and key.
 *
 * @example
 * const key = createPrivateKey(pem); // a P-521 key
 * const sign = es512Signer(key, keyId(key));
 * const jwt = await sign({ scopes: ["embed"], exp: 1700000000 });
 */
export function es512Signer(
  key: KeyObject,
  kid: string | Promise<string>,
): (claims: Record<string, unknown>) => Promise<string> {
  if (key.type !== "private")
    throw new TypeError("es512Signer: the key must be a private KeyObject");
  const ready = Promise.all([
    Promise.resolve(kid).then((id) => ({ alg: "ES512", typ: "JWT", kid: id })),
    webcrypto.subtle.importKey(
      "pkcs8",
      key.export({ type: "pkcs8", format: "der" }),
      { name: "ECDSA", namedCurve: "P-521" },
      false,
      ["sign"],
    ),
  ]);
  // Reported on the first signing, not as an unhandled rejection at start-up.
  ready.catch(() => {});
  return async (claims) => {
    const [header, signingKey] = await ready;
    return new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
  };
}

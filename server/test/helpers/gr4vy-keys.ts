import { type KeyObject, generateKeyPairSync } from "node:crypto";

/** A fresh P-521 key pair for one test file (no key is ever committed). */
export function p521KeyPair(): { privatePem: string; publicKey: KeyObject; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

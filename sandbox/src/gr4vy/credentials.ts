import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from "node:crypto";
import { readPemValue } from "../credentials/read-pem.js";
import { SandboxError } from "../errors.js";
import type { SandboxGr4vyOptions } from "./router.js";

/** What a merchant's app is configured with for Gr4vy. */
export interface Gr4vyCredentials {
  gr4vyId: string;
  publicKey: string;
  /** PKCS #8 PEM, when the sandbox made the key pair or was given the private key. */
  privateKey?: string;
}

/** The instance id the stand-in answers to unless given another. */
export const GR4VY_DEFAULT_ID = "sandbox";

const pem = (key: KeyObject, type: "public" | "private") =>
  key.export(
    type === "public" ? { type: "spki", format: "pem" } : { type: "pkcs8", format: "pem" },
  ) as string;

/**
 * The Gr4vy stand-in's options: a P-521 key pair made unless a key (public
 * or private, PEM or `KeyObject`) is given. Throws `SandboxError`
 * `INVALID_OPTIONS` naming `gr4vy.publicKey` for a string that is no PEM key.
 *
 * @example
 * resolveGr4vy({}).credentials.privateKey; // a PKCS#8 PEM, generated now
 */
export function resolveGr4vy(given: Partial<SandboxGr4vyOptions>): {
  options: SandboxGr4vyOptions;
  credentials: Gr4vyCredentials;
} {
  const gr4vyId = given.gr4vyId ?? GR4VY_DEFAULT_ID;
  if (given.publicKey === undefined) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-521" });
    return {
      options: { ...given, gr4vyId, publicKey: pair.publicKey },
      credentials: {
        gr4vyId,
        publicKey: pem(pair.publicKey, "public"),
        privateKey: pem(pair.privateKey, "private"),
      },
    };
  }
  let key: KeyObject;
  try {
    key =
      typeof given.publicKey !== "string"
        ? given.publicKey
        : given.publicKey.includes("PRIVATE KEY")
          ? createPrivateKey(given.publicKey)
          : createPublicKey(given.publicKey);
  } catch {
    throw new SandboxError(
      "INVALID_OPTIONS",
      "gr4vy.publicKey is not a PEM key",
      "gr4vy.publicKey",
    );
  }
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return {
    options: { ...given, gr4vyId, publicKey },
    credentials: {
      gr4vyId,
      publicKey: pem(publicKey, "public"),
      ...(key.type === "private" ? { privateKey: pem(key, "private") } : {}),
    },
  };
}

const oneLine = (pemText: string) => pemText.trim().replace(/\n/g, "\\n");

/**
 * Gr4vy's credentials as the demo's environment variables: the private key
 * when there is one, else the public key, each as one line with `\n`
 * escapes. Read back, `GR4VY_PRIVATE_KEY` may be PEM, `\n`-escaped PEM or a
 * path (read here).
 */
export const gr4vyEnv = {
  secrets: ["GR4VY_PRIVATE_KEY"],
  write: (c: Gr4vyCredentials): Record<string, string> =>
    c.privateKey
      ? { GR4VY_ID: c.gr4vyId, GR4VY_PRIVATE_KEY: oneLine(c.privateKey) }
      : { GR4VY_ID: c.gr4vyId, GR4VY_PUBLIC_KEY: oneLine(c.publicKey) },
  read: (get: (name: string) => string | undefined) => {
    const key = get("GR4VY_PRIVATE_KEY") ?? get("GR4VY_PUBLIC_KEY");
    return { gr4vyId: get("GR4VY_ID"), publicKey: key && readPemValue(key) };
  },
};

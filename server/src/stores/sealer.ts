import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** Seals values kept at rest (AES-256-GCM), and opens them with any of its keys. */
export interface Sealer {
  /** `v1.<key id>.<iv>.<ciphertext>.<tag>`, bound to `context` (the store key): it opens nowhere else. */
  seal(text: string, context: string): string;
  /** The text, or undefined when no configured key opens it (rotated out, tampered, moved). */
  open(sealed: string, context: string): string | undefined;
}

interface Key {
  id: string;
  key: Buffer;
}

/**
 * A sealer over `secrets`: each becomes an AES-256 key by HKDF-SHA256. The
 * first seals; every one opens (a record names the key that sealed it), so a
 * secret is rotated by putting the new one first and removing the old one
 * once the records it sealed have expired.
 *
 * @example
 * const sealer = createSealer(["new-secret", "old-secret"]);
 * const sealed = sealer.seal(JSON.stringify(answer), "idem:abc");
 * sealer.open(sealed, "idem:abc"); // the JSON text
 */
export function createSealer(secrets: readonly string[]): Sealer {
  const keys: Key[] = secrets.map((secret) => {
    const key = Buffer.from(
      hkdfSync("sha256", secret, "widget-tokens/sealed-at-rest", "aes-256-gcm v1", 32),
    );
    return { key, id: createHmac("sha256", key).update("key id").digest("base64url").slice(0, 8) };
  });
  const sealing = keys[0];
  if (sealing === undefined) throw new Error("createSealer needs at least one secret");
  return {
    seal(text, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", sealing.key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
      return `v1.${sealing.id}.${iv.toString("base64url")}.${body.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
    },
    open(sealed, context) {
      const [version, id, iv, body, tag] = sealed.split(".");
      const key = keys.find((k) => k.id === id);
      if (version !== "v1" || key === undefined || !iv || body === undefined || !tag) {
        return undefined;
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(body, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}

import { type KeyObject, createSecretKey } from "node:crypto";
import type { Logger } from "../logger.js";

/** HMAC secrets shorter than this are reported at start-up (RFC 7518 §3.2: at least the hash size). */
export const MIN_HMAC_SECRET_BYTES = 32;

/**
 * Turn an HMAC secret (already checked to be a non-empty string) into a
 * `KeyObject`, once, at construction; a secret shorter than 32 bytes is
 * reported through `logger`, naming `option`, never the secret.
 * Signing with a KeyObject skips per-call key parsing (jsonwebtoken 9 tries a
 * string secret as a PEM key on every call: ~0.45 ms against ~9 µs).
 *
 * @example
 * const secret = requireString(o.apiSecret, "providers.fluz.apiSecret");
 * const key = hmacKey(secret, "providers.fluz.apiSecret", logger);
 */
export function hmacKey(secret: string, option: string, logger: Logger): KeyObject {
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length < MIN_HMAC_SECRET_BYTES) {
    logger.warn(
      `widget-tokens: option "${option}" is shorter than ${MIN_HMAC_SECRET_BYTES} bytes; use a longer secret`,
    );
  }
  return createSecretKey(bytes);
}

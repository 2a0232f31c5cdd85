import { type KeyObject, createHmac } from "node:crypto";

/** base64url of a JSON value (UTF-8), as JWS segments need. */
export function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/**
 * An HS256 signer with its protected header encoded once.
 *
 * @example
 * const sign = hs256Signer(createSecretKey(Buffer.from(secret)), { typ: "JWT" });
 * const jwt = sign({ sub: "user-1", exp: 1700000000 });
 */
export function hs256Signer(
  key: KeyObject,
  header: Record<string, unknown> = { typ: "JWT" },
): (payload: Record<string, unknown>) => string {
  const encodedHeader = encodeSegment({ alg: "HS256", ...header });
  return (payload) => {
    const signingInput = `${encodedHeader}.${encodeSegment(payload)}`;
    const signature = createHmac("sha256", key).update(signingInput).digest("base64url");
    return `${signingInput}.${signature}`;
  };
}

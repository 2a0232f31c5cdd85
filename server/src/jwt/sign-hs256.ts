import type { KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";

/** The protected header of an HS256 token, besides `alg` (always "HS256"). */
export interface Hs256Header {
  typ: "JWT";
  kid?: string;
}

/**
 * An HS256 signer over jsonwebtoken, with the algorithm pinned and its options
 * built once. The claims are signed exactly as given: jsonwebtoken adds no
 * `iat` to a claim set that has none, and keeps the one a claim set carries.
 * The key is a `KeyObject` (see `hmacKey`), never a string: jsonwebtoken
 * would try to parse a string as a PEM key on every call.
 *
 * @example
 * const sign = hs256Signer(createSecretKey(Buffer.from(secret)), { typ: "JWT", kid: "IRxxxx" });
 * const jwt = sign({ user: { id: "u1", accountId: "u1" }, exp: 1700000000 });
 */
export function hs256Signer(
  key: KeyObject,
  header: Hs256Header = { typ: "JWT" },
): (claims: object) => string {
  if (key.type !== "secret") throw new TypeError("hs256Signer: the key must be a secret KeyObject");
  const base = { algorithm: "HS256", header: { alg: "HS256", ...header } } as const;
  // noTimestamp deletes a given `iat`; without it, jsonwebtoken keeps a given
  // `iat` and adds one where there is none. So: one options object for each case.
  const keepIat: jwt.SignOptions = Object.freeze({ ...base, noTimestamp: false });
  const noIat: jwt.SignOptions = Object.freeze({ ...base, noTimestamp: true });
  return (claims) =>
    jwt.sign(claims, key, (claims as { iat?: unknown }).iat === undefined ? noIat : keepIat);
}

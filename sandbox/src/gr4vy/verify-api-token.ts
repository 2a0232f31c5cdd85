import type { KeyObject } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { joseVerdict } from "../inspect/verdict.js";
import { keyId } from "./key-id.js";
import { EmbedTokenError } from "./verify-embed-token.js";

const refuse = (verdict: "malformed" | "wrong-key" | "wrong-audience", reason: string) =>
  new EmbedTokenError("unauthorized", 401, "No valid API token", { verdict, reason });

/**
 * Check a server-to-server API bearer token as Gr4vy does: ES512 with the
 * merchant's key, `kid` its thumbprint, not expired, and a scope that allows
 * `scope` (or `*.read` / `*.write`). Throws an `EmbedTokenError` (401) with
 * the verdict; resolves the claims.
 *
 * @example
 * await checkApiToken(req.headers.authorization, publicKey, "transactions.read");
 */
export async function checkApiToken(
  authorization: string | undefined,
  publicKey: KeyObject,
  scope: string,
  now = Date.now(),
): Promise<Record<string, unknown>> {
  const token = bearerOf(authorization);
  if (!token) throw refuse("malformed", "no Bearer JWT in the Authorization header");
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw refuse("malformed", "not a JWT (three base64url parts with JSON)");
  }
  if (kid !== (await keyId(publicKey))) {
    throw refuse("wrong-key", `kid ${JSON.stringify(kid)} is not the merchant's key thumbprint`);
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, publicKey, {
      algorithms: ["ES512"],
      requiredClaims: ["exp"],
      currentDate: new Date(now),
    }));
  } catch (err) {
    throw new EmbedTokenError(
      "unauthorized",
      401,
      "No valid API token",
      joseVerdict(err, token, { alg: "ES512", key: "the merchant's key" }, now),
    );
  }
  const scopes = Array.isArray(payload.scopes) ? payload.scopes : [];
  const wildcard = `*.${scope.split(".").pop()}`;
  if (!scopes.includes(scope) && !scopes.includes(wildcard)) {
    throw refuse("wrong-audience", `scopes ${JSON.stringify(scopes)} do not allow ${scope}`);
  }
  return payload;
}

/** The JWT of an `Authorization: Bearer` header, if it has one. */
export function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(authorization ?? "")?.[1];
}

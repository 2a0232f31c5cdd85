import type { KeyObject } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { keyId } from "./key-id.js";

/**
 * Check a server-to-server API bearer token as Gr4vy does: ES512 with the
 * merchant's key, `kid` its thumbprint, not expired, and a scope that allows
 * `scope` (or `*.read` / `*.write`). Resolves false instead of throwing.
 */
export async function verifyApiToken(
  authorization: string | undefined,
  publicKey: KeyObject,
  scope: string,
): Promise<boolean> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? "")?.[1];
  if (!token) return false;
  try {
    if (decodeProtectedHeader(token).kid !== (await keyId(publicKey))) return false;
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ["ES512"],
      requiredClaims: ["exp"],
    });
    const scopes = Array.isArray(payload.scopes) ? payload.scopes : [];
    const wildcard = `*.${scope.split(".").pop()}`;
    return scopes.includes(scope) || scopes.includes(wildcard);
  } catch {
    return false;
  }
}

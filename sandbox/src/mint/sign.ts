import { SignJWT } from "jose";
import type { Minted } from "../stand-in.js";

/**
 * Sign `claims` under `header` with jose: what `mint` prints.
 *
 * @example
 * const minted = await signMinted({ alg: "HS256", typ: "JWT" }, { userId: "u1" }, key);
 */
export async function signMinted(
  header: Record<string, unknown> & { alg: string },
  claims: Record<string, unknown>,
  key: Parameters<SignJWT["sign"]>[0],
): Promise<Minted> {
  return { token: await new SignJWT(claims).setProtectedHeader(header).sign(key), header, claims };
}

/**
 * Seconds since the epoch to mint at: the request's `now`, else the clock.
 *
 * @example
 * const iat = mintTime(request);
 */
export const mintTime = (request: { now?: number }): number =>
  request.now ?? Math.floor(Date.now() / 1000);

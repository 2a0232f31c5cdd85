import { createHmac, timingSafeEqual } from "node:crypto";

const decode = (segment: string) =>
  JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;

/**
 * A compact JWS checked with node:crypto alone (not the library under test):
 * its header and claims when the HS256 signature is `secret`'s, else undefined.
 */
export function verifyHs256(
  token: string,
  secret: string,
): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const actual = Buffer.from(signature, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return { header: decode(header), claims: decode(payload) };
}

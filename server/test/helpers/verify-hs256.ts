import { type JWTVerifyResult, jwtVerify } from "jose";

/**
 * Verify an HS256 token with jose: a different library from the signer
 * (jsonwebtoken), as the sandbox does, with the algorithm pinned. Resolves
 * to the payload and the protected header; rejects as jose does.
 *
 * @example
 * const { payload } = await verifyHs256(token, TEST_SECRET);
 * await expect(verifyHs256(token, TEST_SECRET, { algorithms: ["HS512"] })).rejects.toThrow(/Algorithm/);
 */
export function verifyHs256(
  token: string,
  secret: string,
  { algorithms = ["HS256"], now }: { algorithms?: string[]; now?: number } = {},
): Promise<JWTVerifyResult> {
  return jwtVerify(token, new TextEncoder().encode(secret), {
    algorithms,
    ...(now === undefined ? {} : { currentDate: new Date(now) }),
  });
}

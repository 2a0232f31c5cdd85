import { randomBytes } from "node:crypto";

/**
 * A random secret, 32 bytes base64url: each start of the sandbox makes new ones.
 *
 * @example
 * randomSecret(); // "q3X…" (43 characters)
 */
export const randomSecret = (): string => randomBytes(32).toString("base64url");

/**
 * `bytes` random bytes as hex, for identifiers such as `fluz_test_1f2e…`.
 *
 * @example
 * randomHex(8); // "1f2e3d4c5b6a7988"
 */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex");

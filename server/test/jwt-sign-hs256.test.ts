import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MIN_HMAC_SECRET_BYTES, hmacKey } from "../src/jwt/hmac-key.js";
import { hs256Signer } from "../src/jwt/sign-hs256.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { captureLogger } from "./helpers/http.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const SECRET = "s".repeat(MIN_HMAC_SECRET_BYTES);
const KEY = createSecretKey(Buffer.from(SECRET));
const decode = (token: string, i: number) =>
  Buffer.from(token.split(".")[i]!, "base64url").toString("utf8");

describe("hs256Signer (jsonwebtoken, KeyObject)", () => {
  it("signs the claims exactly as given: no iat added where there is none", async () => {
    const claims = { user: { id: "u1", accountId: "a1" }, exp: 4_000_000_000 };
    const token = hs256Signer(KEY, { typ: "JWT", kid: "IR123" })(claims);
    expect(decode(token, 0)).toBe('{"alg":"HS256","typ":"JWT","kid":"IR123"}');
    expect(decode(token, 1)).toBe(JSON.stringify(claims));
    const { payload, protectedHeader } = await verifyHs256(token, SECRET);
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT", kid: "IR123" });
    expect(payload).toEqual(claims);
  });

  it("keeps a given iat, in its place, and never replaces it with the clock", () => {
    const claims = { amount: 5, jti: "j", iat: 1_700_000_000, exp: 4_000_000_000 };
    const token = hs256Signer(KEY)(claims);
    expect(decode(token, 0)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(decode(token, 1)).toBe(JSON.stringify(claims));
  });

  it("does not change the claims object it is given", () => {
    const claims = { a: 1 };
    hs256Signer(KEY)(claims);
    expect(claims).toEqual({ a: 1 });
  });

  it("is verified by jose with HS256 pinned, and by nothing else", async () => {
    const token = hs256Signer(KEY)({ exp: 4_000_000_000 });
    await expect(verifyHs256(token, `${SECRET}x`)).rejects.toThrow(/signature/);
    await expect(verifyHs256(token, SECRET, { algorithms: ["HS512"] })).rejects.toThrow(
      /Algorithm/,
    );
  });

  it("refuses a key that is not a secret KeyObject", () => {
    expect(() => hs256Signer(p521KeyPair().privateKey)).toThrow(/secret KeyObject/);
  });
});

describe("hmacKey", () => {
  it("makes a secret KeyObject and reports a short secret by its option name only", () => {
    const lines: string[] = [];
    const logger = captureLogger(lines);
    expect(hmacKey(SECRET, "providers.fluz.apiSecret", logger).type).toBe("secret");
    expect(lines).toEqual([]);
    hmacKey("short-secret-value", "providers.fluz.apiSecret", logger);
    expect(lines.join("\n")).toContain('"providers.fluz.apiSecret" is shorter than 32 bytes');
    expect(lines.join("\n")).not.toContain("short-secret-value");
  });
});

import { createPublicKey, verify } from "node:crypto";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { es512Signer, signEs512 } from "../src/jwt/es512.js";
import { jwkThumbprint } from "../src/jwt/jwk-thumbprint.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";

describe("jwkThumbprint (RFC 7638)", () => {
  it("gives the RFC's own example thumbprint (section 3.1, an RSA public key)", () => {
    const key = createPublicKey({
      format: "jwk",
      key: {
        kty: "RSA",
        n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        e: "AQAB",
      },
    });
    expect(jwkThumbprint(key)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("is the same for a P-521 private key and its public key", () => {
    const { privateKey, publicKey } = p521KeyPair();
    expect(jwkThumbprint(privateKey)).toBe(jwkThumbprint(publicKey));
    expect(jwkThumbprint(privateKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("ES512 signing", () => {
  const { privateKey, publicKey } = p521KeyPair();

  it("signs asynchronously: nothing is signed before the call returns", async () => {
    let settled = false;
    const pending = signEs512(privateKey, "data").then((sig) => {
      settled = true;
      return sig;
    });
    // A synchronous signer would have finished by now; a pool job cannot have reported.
    expect(settled).toBe(false);
    const sig = await pending;
    expect(sig.length).toBe(132);
    expect(
      verify("sha512", Buffer.from("data"), { key: publicKey, dsaEncoding: "ieee-p1363" }, sig),
    ).toBe(true);
  });

  it("makes JWTs a pinned ES512 verifier accepts, with the header given", async () => {
    const sign = es512Signer(privateKey, { typ: "JWT", kid: "k1" });
    const token = await sign({ sub: "x", exp: Math.floor(Date.now() / 1000) + 60 });
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
      algorithms: ["ES512"],
    });
    expect(protectedHeader).toEqual({ alg: "ES512", typ: "JWT", kid: "k1" });
    expect(payload.sub).toBe("x");
  });
});

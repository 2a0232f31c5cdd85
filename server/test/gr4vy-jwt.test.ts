import { createPublicKey, verify } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { keyId } from "../src/jwt/key-id.js";
import { type Es512Signer, es512Signer as makeSigner } from "../src/jwt/sign-es512.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";

/** Decode one base64url JSON segment of a compact JWS. */
const segment = (token: string, i: number) =>
  JSON.parse(Buffer.from(token.split(".")[i]!, "base64url").toString("utf8"));

describe("keyId (RFC 7638, by jose)", () => {
  it("gives the RFC's own example thumbprint (section 3.1, an RSA public key)", async () => {
    const key = createPublicKey({
      format: "jwk",
      key: {
        kty: "RSA",
        n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        e: "AQAB",
      },
    });
    expect(await keyId(key)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("is the same for a P-521 private key and its public key", async () => {
    const { privateKey, publicKey } = p521KeyPair();
    expect(await keyId(privateKey)).toBe(await keyId(publicKey));
    expect(await keyId(privateKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("es512Signer (a pool of lower-priority signing threads)", () => {
  const { privateKey, publicKey } = p521KeyPair();
  const signers: Es512Signer[] = [];
  const es512Signer = (...args: Parameters<typeof makeSigner>) => {
    const signer = makeSigner(...args);
    signers.push(signer);
    return signer;
  };
  afterAll(() => Promise.all(signers.map((s) => s.close())));

  it("signs asynchronously: nothing is signed before the call returns", async () => {
    const sign = es512Signer(privateKey, "k1");
    let settled = false;
    const pending = sign({ sub: "x" }).then((token) => {
      settled = true;
      return token;
    });
    expect(settled).toBe(false);
    expect((await pending).split(".")).toHaveLength(3);
  });

  it("makes JWTs node:crypto verifies (P1363 r||s, SHA-512), with the header and claims given", async () => {
    const sign = es512Signer(privateKey, Promise.resolve("k1"));
    const claims = { scopes: ["embed"], embed: { amount: 1299, currency: "USD" }, exp: 2 };
    const token = await sign(claims);
    const [h, p, s] = token.split(".") as [string, string, string];
    expect(Buffer.from(h, "base64url").toString()).toBe('{"alg":"ES512","typ":"JWT","kid":"k1"}');
    expect(Buffer.from(p, "base64url").toString()).toBe(JSON.stringify(claims));
    const signature = Buffer.from(s, "base64url");
    expect(signature.length).toBe(132);
    expect(
      verify(
        "sha512",
        Buffer.from(`${h}.${p}`),
        { key: publicKey, dsaEncoding: "ieee-p1363" },
        signature,
      ),
    ).toBe(true);
  });

  it("awaits the key id promise once: every token carries the same kid", async () => {
    let calls = 0;
    const kid = keyId(privateKey).then((id) => {
      calls++;
      return id;
    });
    const sign = es512Signer(privateKey, kid);
    const tokens = await Promise.all([sign({ n: 1 }), sign({ n: 2 }), sign({ n: 3 })]);
    expect(calls).toBe(1);
    for (const token of tokens) expect(segment(token, 0).kid).toBe(await keyId(publicKey));
  });

  it("a key id that failed rejects each signing, not the process", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const sign = es512Signer(privateKey, Promise.reject(new Error("no kid")));
      // Node reports unhandled rejections once the microtasks have run: one turn of the loop.
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      await expect(sign({ n: 1 })).rejects.toThrow("no kid");
      await expect(sign({ n: 2 })).rejects.toThrow("no kid");
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("refuses a key that is not a private key", () => {
    expect(() => es512Signer(publicKey, "k1")).toThrow(/private KeyObject/);
  });

  it("signs many at once on its threads, every signature valid; close() stops them", async () => {
    const sign = es512Signer(privateKey, "k1", { threads: 2 });
    const tokens = await Promise.all(Array.from({ length: 40 }, (_, n) => sign({ n })));
    for (const [n, token] of tokens.entries()) {
      const [h, p, s] = token.split(".") as [string, string, string];
      expect(segment(token, 1)).toEqual({ n });
      const ok = verify(
        "sha512",
        Buffer.from(`${h}.${p}`),
        { key: publicKey, dsaEncoding: "ieee-p1363" },
        Buffer.from(s, "base64url"),
      );
      expect(ok).toBe(true);
    }
    await sign.close();
    await expect(sign({ n: 1 })).rejects.toThrow(/closed/);
  });
});

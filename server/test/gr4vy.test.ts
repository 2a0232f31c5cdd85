import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compactVerify, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GR4VY_SDK_ISSUER,
  type Gr4vyIssued,
  WidgetTokensError,
  widgetTokens,
} from "../src/index.js";
import { keyId } from "../src/jwt/key-id.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { type TestApp, identifyByHeader, startTestApp } from "./helpers/http.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const keys = p521KeyPair();
const ROUTE = "/gr4vy/embed-token";

/** What the hook returns, switchable per test. */
let nextCheckout: (user: string) => unknown = () => ({ amount: 1299, currency: "USD" });

const cart = {
  amount: 4598,
  currency: "EUR",
  buyerExternalIdentifier: "cust-42",
  metadata: { order_id: "ord-1", channel: "web" },
  cartItems: [
    {
      name: "Trail jacket",
      quantity: 1,
      unitAmount: 3999,
      taxAmount: 0,
      productUrl: "https://shop.example/jacket",
      categories: ["Outdoor", "Jackets"],
    },
    { name: "Socks", quantity: 1, unitAmount: 599, sku: "SOCK-1" },
  ],
  merchantAccountId: "default",
  connectionOptions: { "stripe-card": { stripe_connect: { key: "value" }, camelCase: true } },
};

describe("Gr4vy embed-token", () => {
  let app: TestApp;
  const issued: Gr4vyIssued[] = [];
  let authorized = true;

  beforeAll(async () => {
    app = await startTestApp({
      authorize: () => authorized,
      providers: {
        gr4vy: {
          gr4vyId: "northwind",
          privateKey: keys.privatePem,
          maxAmount: 1_000_000,
          checkout: (_req: unknown, user: { id: string }) => nextCheckout(user.id) as never,
          onIssued: (i: Gr4vyIssued) => {
            issued.push(i);
          },
        },
      },
    });
  });
  afterAll(() => app.close());

  const setCheckout = (f: (user: string) => unknown) => {
    nextCheckout = f;
  };

  it("mints an ES512 token with the SDK's header and exactly the documented claims", async () => {
    setCheckout((user) => ({ ...cart, buyerExternalIdentifier: user }));
    const before = Math.floor(Date.now() / 1000);
    const sessionId = "0ebde6a1-f66c-43ea-bb8b-73751864c604";
    const res = await app.post(ROUTE, { checkoutSessionId: sessionId });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Record<string, unknown> & { token: string };

    const header = decodeProtectedHeader(body.token);
    expect(header).toEqual({ alg: "ES512", typ: "JWT", kid: await keyId(keys.publicKey) });
    // Verified with the public key, the algorithm pinned.
    const { payload } = await jwtVerify(body.token, keys.publicKey, { algorithms: ["ES512"] });
    expect(Object.keys(payload).sort()).toEqual(
      ["checkout_session_id", "embed", "exp", "iat", "iss", "jti", "nbf", "scopes"].sort(),
    );
    expect(payload.scopes).toEqual(["embed"]);
    expect(payload.checkout_session_id).toBe(sessionId);
    expect(payload.iss).toBe(GR4VY_SDK_ISSUER);
    expect(payload.jti).toMatch(UUID_V4);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat as number) + 3600);
    expect(payload.embed).toEqual({
      amount: 4598,
      currency: "EUR",
      buyer_external_identifier: "user-1",
      metadata: { order_id: "ord-1", channel: "web" },
      cart_items: [
        {
          name: "Trail jacket",
          quantity: 1,
          unit_amount: 3999,
          tax_amount: 0,
          product_url: "https://shop.example/jacket",
          categories: ["Outdoor", "Jackets"],
        },
        { name: "Socks", quantity: 1, unit_amount: 599, sku: "SOCK-1" },
      ],
      merchant_account_id: "default",
      // As given: not snake_cased.
      connection_options: { "stripe-card": { stripe_connect: { key: "value" }, camelCase: true } },
    });

    // The response repeats the pinned values (camelCase) so the browser hands Embed matching ones.
    expect(body).toEqual({
      token: body.token,
      jti: payload.jti,
      expiresAt: new Date((payload.exp as number) * 1000).toISOString(),
      ...cart,
      buyerExternalIdentifier: "user-1",
      checkoutSessionId: sessionId,
      gr4vyId: "northwind",
      environment: "sandbox",
    });
    expect(issued.at(-1)).toMatchObject({ jti: payload.jti, checkoutSessionId: sessionId });
    expect(issued.at(-1)!.checkout.amount).toBe(4598);
  });

  it("leaves out members that are not set, as the SDK does", async () => {
    setCheckout(() => ({ amount: 0, currency: "USD", buyerId: undefined, metadata: undefined }));
    const res = await app.post(ROUTE, {});
    expect(res.status).toBe(201);
    const { token, ...rest } = (await res.json()) as Record<string, unknown> & { token: string };
    const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ["ES512"] });
    expect(payload.embed).toEqual({ amount: 0, currency: "USD" });
    expect("checkout_session_id" in payload).toBe(false);
    expect(Object.keys(rest).sort()).toEqual(
      ["amount", "currency", "environment", "expiresAt", "gr4vyId", "jti"].sort(),
    );
  });

  it("is refused by a verifier with another key or another algorithm", async () => {
    setCheckout(() => ({ amount: 100, currency: "USD" }));
    const { token } = (await (await app.post(ROUTE, {})).json()) as { token: string };
    const other = generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey;
    await expect(jwtVerify(token, other, { algorithms: ["ES512"] })).rejects.toThrow(/signature/);
    await expect(jwtVerify(token, keys.publicKey, { algorithms: ["ES256"] })).rejects.toThrow(
      /alg/,
    );
    // The signature is raw r||s (132 bytes), as JOSE requires.
    const jwk = await importJWK(keys.publicKey.export({ format: "jwk" }) as never, "ES512");
    const { protectedHeader } = await compactVerify(token, jwk);
    expect(protectedHeader.alg).toBe("ES512");
    expect(Buffer.from(token.split(".")[2]!, "base64url").length).toBe(132);
  });

  it("gives a fresh jti for every token", async () => {
    setCheckout(() => ({ amount: 100, currency: "USD" }));
    const jtis = new Set<string>();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const body = (await (await app.post(ROUTE, {})).json()) as { jti: string };
        jtis.add(body.jti);
      }),
    );
    expect(jtis.size).toBe(20);
  });

  describe("refuses what the browser may not choose (400, nothing minted)", () => {
    it.each([
      ["amount", { amount: 1 }],
      ["currency", { currency: "USD" }],
      ["cartItems", { cartItems: [] }],
      ["buyerId", { buyerId: "0ebde6a1-f66c-43ea-bb8b-73751864c604" }],
      ["metadata", { metadata: {} }],
    ])("%s in the body", async (field, body) => {
      const count = issued.length;
      const res = await app.post(ROUTE, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as {
        error: { code: string; field: string; message: string };
      };
      expect(json.error.code).toBe("INVALID_REQUEST");
      expect(json.error.field).toBe(field);
      expect(json.error.message).toMatch(/from the server/);
      expect(issued.length).toBe(count);
    });

    it.each([
      ["not a UUID", "abc"],
      ["a number", 42],
      ["an object", { id: "x" }],
      ["a UUID with extra text", "0ebde6a1-f66c-43ea-bb8b-73751864c604x"],
    ])("checkoutSessionId %s", async (_name, value) => {
      const res = await app.post(ROUTE, { checkoutSessionId: value });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "INVALID_REQUEST", field: "checkoutSessionId" },
      });
    });
  });

  it("answers the pipeline's errors on this route", async () => {
    // no signed-in user
    let res = await app.post(ROUTE, {}, { "x-test-user": "" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    // not JSON
    res = await fetch(`${app.base}${ROUTE}`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-test-user": "u" },
      body: "{}",
    });
    expect(res.status).toBe(415);
    // malformed JSON
    res = await app.post(ROUTE, "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INVALID_REQUEST");
    // a JSON array, not an object
    res = await app.post(ROUTE, "[]");
    expect(res.status).toBe(400);
    // oversized
    res = await app.post(ROUTE, { checkoutSessionId: "x".repeat(200_000) });
    expect(res.status).toBe(413);
    // wrong method
    res = await fetch(`${app.base}${ROUTE}`, { method: "GET", headers: { "x-test-user": "u" } });
    expect(res.status).toBe(405);
    // foreign origin
    res = await app.post(
      ROUTE,
      {},
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "ORIGIN_NOT_ALLOWED",
    );
    // refused by the merchant's policy
    authorized = false;
    try {
      res = await app.post(ROUTE, {});
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    } finally {
      authorized = true;
    }
    // and it keeps serving
    setCheckout(() => ({ amount: 1, currency: "USD" }));
    expect((await app.post(ROUTE, {})).status).toBe(201);
  });

  it("replays the same token for a retried Idempotency-Key", async () => {
    setCheckout(() => ({ amount: 700, currency: "USD" }));
    const headers = { "idempotency-key": "gr4vy-retry-1" };
    const first = (await (await app.post(ROUTE, {}, headers)).json()) as { token: string };
    const again = await app.post(ROUTE, {}, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { token: string }).token).toBe(first.token);
  });

  it("passes through a WidgetTokensError the hook throws (an empty cart, say)", async () => {
    setCheckout(() => {
      throw new WidgetTokensError("INVALID_REQUEST", "Your cart is empty", { field: "cart" });
    });
    const res = await app.post(ROUTE, {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "INVALID_REQUEST", message: "Your cart is empty", field: "cart" },
    });
  });

  it("turns a crashing hook into a bare 500", async () => {
    setCheckout(() => {
      throw new Error("db down at 10.0.0.3");
    });
    const res = await app.post(ROUTE, {});
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: "INTERNAL_ERROR", message: "Internal error" },
    });
  });

  describe("a bad checkout() output is a 500 with a log line naming the field, never a token", () => {
    const item = { name: "Socks", quantity: 1, unitAmount: 599 };
    it.each<[string, unknown, string]>([
      ["null", null, "checkout() must return an object"],
      ["a string", "1299", "checkout() must return an object"],
      ["no amount", { currency: "USD" }, "amount must be an integer"],
      ["a decimal amount", { amount: 12.99, currency: "USD" }, "amount must be an integer"],
      ["a string amount", { amount: "1299", currency: "USD" }, "amount must be an integer"],
      ["a negative amount", { amount: -1, currency: "USD" }, "amount must be an integer"],
      ["an amount over the maximum", { amount: 1_000_001, currency: "USD" }, "from 0 to 1000000"],
      ["a lowercase currency", { amount: 1, currency: "usd" }, "currency must be three uppercase"],
      ["a long currency", { amount: 1, currency: "USDT" }, "currency must be three uppercase"],
      [
        "an unknown field",
        { amount: 1, currency: "USD", cart_items: [] },
        "cart_items is not a Gr4vy",
      ],
      [
        "both buyer ids",
        {
          amount: 1,
          currency: "USD",
          buyerId: "0ebde6a1-f66c-43ea-bb8b-73751864c604",
          buyerExternalIdentifier: "x",
        },
        "exclusive",
      ],
      [
        "a buyerId that is not a UUID",
        { amount: 1, currency: "USD", buyerId: "b-1" },
        "buyerId must be",
      ],
      [
        "a long buyerExternalIdentifier",
        { amount: 1, currency: "USD", buyerExternalIdentifier: "x".repeat(201) },
        "buyerExternalIdentifier must be",
      ],
      [
        "too many metadata keys",
        {
          amount: 1,
          currency: "USD",
          metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])),
        },
        "at most 20 keys",
      ],
      [
        "a metadata number",
        { amount: 1, currency: "USD", metadata: { a: 1 } },
        "metadata.a must be a string",
      ],
      [
        "a long metadata value",
        { amount: 1, currency: "USD", metadata: { a: "v".repeat(501) } },
        "metadata.a must be",
      ],
      [
        "a long metadata key",
        { amount: 1, currency: "USD", metadata: { ["k".repeat(41)]: "v" } },
        "keys must be 1 to 40",
      ],
      [
        "cart not an array",
        { amount: 1, currency: "USD", cartItems: {} },
        "cartItems must be an array",
      ],
      [
        "too many cart items",
        { amount: 1, currency: "USD", cartItems: Array(51).fill(item) },
        "at most 50 items",
      ],
      [
        "a cart item without a name",
        { amount: 1, currency: "USD", cartItems: [{ quantity: 1, unitAmount: 1 }] },
        "cartItems[0].name is required",
      ],
      [
        "a zero quantity",
        { amount: 1, currency: "USD", cartItems: [{ ...item, quantity: 0 }] },
        "cartItems[0].quantity must be",
      ],
      [
        "a decimal unitAmount",
        { amount: 1, currency: "USD", cartItems: [item, { ...item, unitAmount: 5.99 }] },
        "cartItems[1].unitAmount must be",
      ],
      [
        "a long item name",
        { amount: 1, currency: "USD", cartItems: [{ ...item, name: "n".repeat(256) }] },
        "cartItems[0].name must be",
      ],
      [
        "an unknown item field",
        { amount: 1, currency: "USD", cartItems: [{ ...item, unit_amount: 1 }] },
        "cartItems[0].unit_amount is not",
      ],
      [
        "too many categories",
        { amount: 1, currency: "USD", cartItems: [{ ...item, categories: Array(21).fill("c") }] },
        "categories must be",
      ],
      [
        "a long merchantAccountId",
        { amount: 1, currency: "USD", merchantAccountId: "m".repeat(65) },
        "merchantAccountId must be",
      ],
      [
        "connectionOptions not an object",
        { amount: 1, currency: "USD", connectionOptions: [1] },
        "connectionOptions must be",
      ],
      [
        "huge connectionOptions",
        { amount: 1, currency: "USD", connectionOptions: { a: "x".repeat(5000) } },
        "at most 4096 bytes",
      ],
    ])("%s", async (_name, output, logged) => {
      setCheckout(() => output);
      const count = issued.length;
      const before = app.log.length;
      const res = await app.post(ROUTE, {});
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: "INTERNAL_ERROR", message: "Internal error" },
      });
      expect(text).not.toMatch(/eyJ/);
      const lines = app.log.slice(before).join("\n");
      expect(lines).toContain("gr4vy checkout() returned an invalid value");
      expect(lines).toContain(logged);
      expect(issued.length).toBe(count);
    });
  });

  it("never logs the private key or a token", () => {
    const text = app.log.join("\n");
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});

describe("Gr4vy options are checked at start-up", () => {
  const base = {
    gr4vyId: "northwind",
    privateKey: keys.privatePem,
    checkout: () => ({ amount: 1, currency: "USD" }),
  };
  const build = (gr4vy: Record<string, unknown>) =>
    widgetTokens({ identify: identifyByHeader, providers: { gr4vy: gr4vy as never } });
  const dir = mkdtempSync(join(tmpdir(), "gr4vy-key-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a PEM string, a PEM file path, a SEC1 PEM, \\n-escaped PEM and a KeyObject, and signs with that key", async () => {
    const file = join(dir, "private.pem");
    writeFileSync(file, keys.privatePem);
    const sec1 = keys.privateKey.export({ type: "sec1", format: "pem" }) as string;
    for (const privateKey of [
      keys.privatePem,
      file,
      sec1,
      keys.privatePem.replace(/\n/g, "\\n"),
      keys.privateKey,
    ]) {
      const app = await startTestApp({ providers: { gr4vy: { ...base, privateKey } as never } });
      try {
        const res = await app.post(ROUTE, {});
        expect(res.status).toBe(201);
        const { token } = (await res.json()) as { token: string };
        // The key the option named signed it: its public half verifies the token.
        const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ["ES512"] });
        expect(payload.embed).toMatchObject({ amount: 1, currency: "USD" });
      } finally {
        await app.close();
      }
    }
  });

  it.each<[string, unknown, RegExp]>([
    ["missing", undefined, /"providers\.gr4vy\.privateKey" is required/],
    [
      "malformed PEM",
      // PEM armour around garbage, assembled so this file holds nothing key-shaped.
      ["-----BEGIN", "PRIVATE KEY-----\nnot base64!\n-----END", "PRIVATE KEY-----"].join(" "),
      /"providers\.gr4vy\.privateKey" is not a valid PEM private key/,
    ],
    ["a public key", "PUBLIC", /"providers\.gr4vy\.privateKey" must be a PEM private key/],
    [
      "a missing file",
      "/nonexistent/gr4vy.pem",
      /"providers\.gr4vy\.privateKey" is neither a PEM private key nor a readable file path \(ENOENT\)/,
    ],
    [
      "a P-256 key",
      "P256",
      /"providers\.gr4vy\.privateKey" must be a P-521 .* got an EC key on prime256v1/,
    ],
    ["an RSA key", "RSA", /"providers\.gr4vy\.privateKey" must be a P-521 .* got a rsa key/],
  ])("privateKey %s", (_name, value, message) => {
    let privateKey = value;
    if (value === "PUBLIC") privateKey = keys.publicKey.export({ type: "spki", format: "pem" });
    if (value === "P256")
      privateKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      });
    if (value === "RSA")
      privateKey = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      });
    let error: unknown;
    try {
      build({ ...base, privateKey });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    // The message never carries the key itself.
    expect((error as Error).message).not.toMatch(/MII|BEGIN .*KEY-----\n/);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["no checkout hook", { checkout: undefined }, /providers\.gr4vy\.checkout" must be a function/],
    ["no gr4vyId", { gr4vyId: undefined }, /providers\.gr4vy\.gr4vyId" is required/],
    [
      "a gr4vyId with a dot",
      { gr4vyId: "evil.example" },
      /providers\.gr4vy\.gr4vyId" must be lowercase/,
    ],
    [
      "an unknown environment",
      { environment: "staging" },
      /providers\.gr4vy\.environment" must be/,
    ],
    ["a decimal maxAmount", { maxAmount: 10.5 }, /providers\.gr4vy\.maxAmount" must be an integer/],
    ["too many cart items allowed", { maxCartItems: 1000 }, /providers\.gr4vy\.maxCartItems"/],
    ["a bad expiresIn", { expiresIn: "soon" }, /providers\.gr4vy\.expiresIn"/],
  ])("%s", (_name, patch, message) => {
    expect(() => build({ ...base, ...patch })).toThrow(message);
  });
});

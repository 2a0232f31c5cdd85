import { getEmbedToken } from "@gr4vy/sdk";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

/**
 * Same key, same inputs: our route and `getEmbedToken` of `@gr4vy/sdk` give
 * the same header and the same claims, apart from iat, nbf, exp and jti.
 */
const keys = p521KeyPair();
const sessionId = "0ebde6a1-f66c-43ea-bb8b-73751864c604";

// The SDK's own test inputs, plus every optional member.
const full = {
  amount: 9000,
  currency: "USD",
  buyerExternalIdentifier: "user-123",
  connectionOptions: { "stripe-card": { stripe_connect: { key: "value" }, camelKey: 1 } },
  metadata: { snake_case_key: "value2", plain: "v" },
  cartItems: [
    {
      name: "Joust Duffle Bag",
      quantity: 1,
      unitAmount: 9000,
      taxAmount: 0,
      discountAmount: 0,
      externalIdentifier: "joust",
      sku: "JDB-1",
      productUrl: "https://shop.example/joust",
      imageUrl: "https://shop.example/joust.png",
      categories: ["Gear", "Bags", "Test"],
      productType: "physical",
      sellerCountry: "US",
      taxExempt: false,
      unitOfMeasure: "each",
      commodityCode: "1234",
      description: "A bag",
      dutyAmount: 0,
      shippingAmount: 0,
      upc: "012345678905",
    },
  ],
  merchantAccountId: "default",
};

const cases: [string, Record<string, unknown>, string | undefined][] = [
  ["every member and a checkout session", full, sessionId],
  ["amount and currency only", { amount: 1299, currency: "AUD" }, undefined],
  [
    "a buyer id",
    { amount: 0, currency: "EUR", buyerId: "8724fd24-5489-4a5d-90fd-0604df7d3b83" },
    undefined,
  ],
];

describe("compatibility with @gr4vy/sdk getEmbedToken", () => {
  let app: TestApp;
  let current: Record<string, unknown> = full;
  beforeAll(async () => {
    app = await startTestApp({
      providers: {
        gr4vy: {
          gr4vyId: "northwind",
          privateKey: keys.privatePem,
          checkout: () => current as never,
        },
      },
    });
  });
  afterAll(() => app.close());

  it.each(cases)("%s", async (_name, embedParams, checkoutSessionId) => {
    current = embedParams;
    const res = await app.post(
      "/gr4vy/embed-token",
      checkoutSessionId ? { checkoutSessionId } : {},
    );
    expect(res.status).toBe(201);
    const ours = ((await res.json()) as { token: string }).token;
    const theirs = await getEmbedToken({
      privateKey: keys.privatePem,
      embedParams: embedParams as never,
      ...(checkoutSessionId && { checkoutSessionId }),
    });

    expect(decodeProtectedHeader(ours)).toEqual(decodeProtectedHeader(theirs));
    const strip = ({ iat, nbf, exp, jti, ...rest }: Record<string, unknown>) => {
      expect([typeof iat, typeof nbf, typeof exp, typeof jti]).toEqual([
        "number",
        "number",
        "number",
        "string",
      ]);
      expect(nbf).toBe(iat);
      expect((exp as number) - (iat as number)).toBe(3600);
      return rest;
    };
    expect(strip(decodeJwt(ours))).toEqual(strip(decodeJwt(theirs)));
    // Both verify with the same public key under a pinned ES512.
    await jwtVerify(ours, keys.publicKey, { algorithms: ["ES512"] });
    await jwtVerify(theirs, keys.publicKey, { algorithms: ["ES512"] });
  });

  it("differs only where the SDK contradicts its intent: it snake_cases metadata keys", async () => {
    // snakecase-keys' `exclude: ["metadata"]` keeps the key "metadata" but still
    // recurses into it; widget-tokens leaves metadata as given (as documented).
    const embedParams = { amount: 1, currency: "USD", metadata: { orderId: "o-1" } };
    current = embedParams;
    const ours = ((await (await app.post("/gr4vy/embed-token", {})).json()) as { token: string })
      .token;
    const theirs = await getEmbedToken({ privateKey: keys.privatePem, embedParams });
    expect((decodeJwt(ours).embed as { metadata: unknown }).metadata).toEqual({ orderId: "o-1" });
    expect((decodeJwt(theirs).embed as { metadata: unknown }).metadata).toEqual({
      order_id: "o-1",
    });
  });
});

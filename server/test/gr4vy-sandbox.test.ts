import { type KeyObject, generateKeyPairSync, randomUUID } from "node:crypto";
import type { Sandbox } from "@widget-tokens/sandbox";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyId } from "../src/jwt/key-id.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { gr4vyOn, startGr4vyStandIn } from "./helpers/gr4vy-stand-in.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

const keys = p521KeyPair();
const KID = await keyId(keys.privateKey);
const cart = {
  amount: 4598,
  currency: "EUR",
  buyerExternalIdentifier: "user-1",
  cartItems: [{ name: "Socks", quantity: 2, unitAmount: 2299 }],
};

function craft(
  claims: Record<string, unknown>,
  {
    key = keys.privateKey,
    kid = KID,
    alg = "ES512",
  }: { key?: KeyObject; kid?: string; alg?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scopes: ["embed"], embed: { amount: 4598, currency: "EUR" }, ...claims })
    .setProtectedHeader({ alg, typ: "JWT", kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 3600)
    .setJti(randomUUID())
    .sign(key);
}

describe("Gr4vy sandbox", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  beforeAll(async () => {
    sandbox = await startGr4vyStandIn(keys);
    app = await startTestApp({
      providers: {
        gr4vy: gr4vyOn(keys, { checkout: () => cart }),
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await sandbox.close();
  });

  const session = (token: unknown, options: Record<string, unknown>) =>
    fetch(`${sandbox.url}/gr4vy/api/embed-session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, options }),
    });
  const mint = async () =>
    (await (await app.post("/gr4vy/embed-token", {})).json()) as Record<string, unknown> & {
      token: string;
    };

  it("accepts a token from the route with the options of its response, and pays once", async () => {
    const minted = await mint();
    const { token, ...options } = minted;
    const res = await session(token, options);
    expect(res.status).toBe(200);
    const s = (await res.json()) as { sessionId: string; amount: number; currency: string };
    expect(s).toMatchObject({ amount: 4598, currency: "EUR" });

    const pay = (card: Record<string, string>) =>
      fetch(`${sandbox.url}/gr4vy/api/transactions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sessionId: s.sessionId, card }),
      });
    expect((await pay({ number: "123", cvv: "1" })).status).toBe(400);
    const paid = await pay({ number: "4111111111111111", expiry: "12/39", cvv: "123" });
    expect(paid.status).toBe(201);
    const tx = (await paid.json()) as {
      id: string;
      status: string;
      amount: number;
      buyer: unknown;
    };
    expect(tx).toMatchObject({
      status: "authorization_succeeded",
      amount: 4598,
      buyer: { externalIdentifier: "user-1" },
    });
    // One payment per form session.
    expect((await pay({ number: "4111111111111111", expiry: "12/39", cvv: "123" })).status).toBe(
      400,
    );

    // Reading it back needs the merchant's API token (ES512, read scope).
    const url = `${sandbox.url}/gr4vy/api/transactions/${tx.id}`;
    expect((await fetch(url)).status).toBe(401);
    const embedOnly = await craft({});
    expect((await fetch(url, { headers: { authorization: `Bearer ${embedOnly}` } })).status).toBe(
      401,
    );
    const read = await craft({ scopes: ["transactions.read"] });
    const back = await fetch(url, { headers: { authorization: `Bearer ${read}` } });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { id: string }).id).toBe(tx.id);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["another amount", { amount: 100 }, "The amount does not match the embed token"],
    ["no amount", { amount: undefined }, "The amount does not match the embed token"],
    ["another currency", { currency: "USD" }, "The currency does not match the embed token"],
    [
      "another cart",
      { cartItems: [{ name: "Socks", quantity: 1, unitAmount: 4598 }] },
      "cart_items does not match",
    ],
    [
      "another buyer",
      { buyerExternalIdentifier: "victim" },
      "buyer_external_identifier does not match",
    ],
  ])("refuses options with %s (400)", async (_name, patch, message) => {
    const { token, ...options } = await mint();
    const res = await session(token, { ...options, ...patch });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        type: "error",
        status: 400,
        code: "bad_request",
        message: expect.stringContaining(message),
      },
    });
  });

  it.each<[string, () => Promise<string> | string, string]>([
    ["no token", () => "", "missing"],
    ["garbage", () => "not-a-jwt", "malformed"],
    [
      "another key (its own kid)",
      async () => {
        const other = generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey;
        return craft({}, { key: other, kid: await keyId(other) });
      },
      "unknown key",
    ],
    [
      "another key (our kid)",
      () => craft({}, { key: generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey }),
      "signature or format is invalid",
    ],
    [
      "ES256 on another curve, our kid",
      () =>
        craft(
          {},
          { key: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, alg: "ES256" },
        ),
      "signature or format is invalid",
    ],
    ["an expired token", () => craft({ exp: Math.floor(Date.now() / 1000) - 10 }), "expired"],
    ["no embed scope", () => craft({ scopes: ["*.read"] }), "embed scope"],
    ["no embed claim", () => craft({ embed: undefined }), "does not pin"],
  ])("refuses %s (401 unauthorized)", async (_name, make, message) => {
    const res = await session(await make(), { amount: 4598, currency: "EUR" });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toContain(message);
  });

  it("serves the Embed script and a framed page with a nonce CSP", async () => {
    const script = await fetch(`${sandbox.url}/gr4vy/gr4vy-embed.js`);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const text = await script.text();
    expect(text).toContain("window.gr4vy = { setup: setup");
    expect(text).toContain(`var FRAME_ORIGIN = ${JSON.stringify(sandbox.url)}`);
    const page = await fetch(`${sandbox.url}/gr4vy/embed?parentUrl=http://shop.example&channel=1`);
    expect(page.headers.get("content-security-policy")).toMatch(
      /script-src 'nonce-[^']+'; style-src/,
    );
  });
});

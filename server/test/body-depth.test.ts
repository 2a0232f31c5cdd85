/**
 * The body depth limit (MAX_JSON_DEPTH, 32 levels). A body nested about
 * 5,000 deep is 10 KB, under the size limit, and used to overflow the stack
 * in the idempotency fingerprint (JSON.stringify) and in the merchant-API
 * proxy's forwarding: a 500. It is a 400 now, when widget-tokens reads the
 * text itself and when an app-level parser (express.json) produced the body.
 */
import express from "express";
import express4 from "express4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, checkTextDepth, checkValueDepth } from "../src/http/json-depth.js";
import { parseJsonText } from "../src/http/parse-json-text.js";
import { type MerchantApiClient, createMerchantApiClient } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import {
  MERCHANT,
  type MerchantSandboxServer,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";

const TOO_DEEP = `Body is nested deeper than ${MAX_JSON_DEPTH} levels`;

/** `{"a":{"a":…{"a":1}…}}`: `levels` objects, the outer one included. */
function nested(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{"a":1}${"}".repeat(levels - 1)}`;
}

/** A body that would be valid for the route but for a `deep` field `levels` down. */
function deepBody(base: Record<string, unknown>, levels: number): string {
  const own = JSON.stringify(base).slice(0, -1);
  return `${own},"deep":${nested(levels - 1)}}`;
}

describe("checkTextDepth", () => {
  it("allows 32 levels and refuses 33, for objects and arrays alike", () => {
    expect(() => checkTextDepth(nested(32))).not.toThrow();
    expect(() => checkTextDepth(nested(33))).toThrow(TOO_DEEP);
    expect(() => checkTextDepth(`${"[".repeat(32)}${"]".repeat(32)}`)).not.toThrow();
    expect(() => checkTextDepth(`${"[".repeat(33)}${"]".repeat(33)}`)).toThrow(TOO_DEEP);
  });

  it("counts brackets only outside strings (escaped quotes included)", () => {
    const inString = JSON.stringify({ s: `${"[{".repeat(100)}\\"\\\\"` });
    expect(() => checkTextDepth(inString)).not.toThrow();
    // An escaped quote does not end the string; the brackets after it are still inside.
    expect(() => checkTextDepth(`{"s":"\\"${"[".repeat(50)}"}`)).not.toThrow();
    // An escaped backslash does end it: what follows counts.
    expect(() => checkTextDepth(`{"s":"\\\\",${"[".repeat(40)}`)).toThrow(TOO_DEEP);
  });

  it("refuses 100,000 levels without recursion (no stack overflow)", () => {
    expect(() => checkTextDepth("[".repeat(100_000))).toThrow(TOO_DEEP);
  });
});

describe("checkValueDepth", () => {
  it("walks a value JSON.parse built 5,000 deep without overflowing", () => {
    expect(() => checkValueDepth(JSON.parse(nested(5_000)))).toThrow(TOO_DEEP);
    expect(() => checkValueDepth(JSON.parse(nested(32)))).not.toThrow();
    expect(() => checkValueDepth(JSON.parse(nested(33)))).toThrow(TOO_DEEP);
  });

  it("refuses a cyclic value (infinitely deep) instead of looping", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => checkValueDepth(cyclic)).toThrow(TOO_DEEP);
  });
});

describe("parseJsonText", () => {
  it("refuses a deep body before parsing it", () => {
    expect(() => parseJsonText(nested(5_000))).toThrow(TOO_DEEP);
  });
});

/** Each status and body, for the 5,000-deep body, on every way the body can be read. */
describe.each([
  { express: 5, parser: "none" },
  { express: 5, parser: "express.json" },
  { express: 4, parser: "none" },
  { express: 4, parser: "express.json" },
] as const)("a 5,000-deep body on Express $express (app parser: $parser)", (setup) => {
  let sandbox: MerchantSandboxServer;
  let client: MerchantApiClient;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startMerchantSandbox();
    client = createMerchantApiClient({
      baseUrl: sandbox.baseUrl,
      merchantId: MERCHANT.merchantId,
      email: MERCHANT.email,
      password: MERCHANT.password,
    });
    const json = setup.express === 4 ? express4.json : express.json;
    app = await startTestApp(
      {
        providers: {
          fluz: { apiKey: "fluz-key", apiSecret: TEST_SECRET },
          merchantApi: {
            client,
            expose: [{ method: "POST", path: "/v2/customer/create", idempotent: true }],
          },
        },
        bodyLimit: 65_536,
      },
      {
        expressVersion: setup.express,
        before: setup.parser === "express.json" ? [json({ limit: "1mb" })] : [],
      },
    );
  });
  afterAll(async () => {
    await app.close();
    await client.close();
    await sandbox.close();
  });

  const deep = nested(5_000);

  it("is 10 KB: under the body limit", () => {
    expect(deep.length).toBeLessThan(65_536);
    expect(deep.length).toBeGreaterThan(10_000);
  });

  it.each([
    [
      "Fluz, with an Idempotency-Key (the fingerprint)",
      "/fluz/pat-token",
      { "Idempotency-Key": "k-1" },
    ],
    ["the merchant-API proxy (the forwarding)", "/merchant-api/v2/customer/create", {}],
    [
      "the merchant-API proxy with an Idempotency-Key",
      "/merchant-api/v2/customer/create",
      { "Idempotency-Key": "k-2" },
    ],
  ])("%s: 400 INVALID_REQUEST, not 500", async (_name, path, headers) => {
    const before = sandbox.sandbox.counts.customers;
    for (const body of [deep, deepBody({ amount: "5.00", transactionType: "DEPOSIT" }, 5_000)]) {
      const res = await app.post(path, body, headers);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "INVALID_REQUEST", message: TOO_DEEP } });
    }
    expect(sandbox.sandbox.counts.customers).toBe(before);
    expect(app.log.join("\n")).not.toContain("unexpected");
  });

  it("a body at the limit is read; one level more is refused", async () => {
    const ok = await app.post(
      "/fluz/pat-token",
      deepBody({ amount: "5.00", transactionType: "DEPOSIT" }, MAX_JSON_DEPTH),
      { "Idempotency-Key": "k-at-limit" },
    );
    expect(ok.status).toBe(201);
    const refused = await app.post(
      "/fluz/pat-token",
      deepBody({ amount: "5.00", transactionType: "DEPOSIT" }, MAX_JSON_DEPTH + 1),
    );
    expect(refused.status).toBe(400);
  });

  it("keeps serving afterwards", async () => {
    const res = await app.post("/fluz/pat-token", { amount: "5.00", transactionType: "DEPOSIT" });
    expect(res.status).toBe(201);
  });
});

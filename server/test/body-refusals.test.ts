/**
 * What the body readers refuse besides depth (body-depth.test.ts) and size:
 * prototype-poisoning keys (on both read paths), keys given twice, bytes
 * that are not UTF-8, a byte order mark, two Content-Type headers; and the
 * idempotency fingerprint turning an unserializable body into a 400.
 */
import express from "express";
import express4 from "express4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WidgetTokensError } from "../src/errors.js";
import { beginIdempotent } from "../src/http/idempotency.js";
import { refusePrototypeKeys } from "../src/http/prototype-keys.js";
import { memoryStore } from "../src/index.js";
import { createSealer } from "../src/stores/sealer.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { sendRaw } from "./hostile/send-raw.js";

const ROUTE = "/fluz/pat-token";
const VALID = '{"amount":"50.00","transactionType":"DEPOSIT"';
const PROTO = "Body has a __proto__ or constructor.prototype key";

describe("refusePrototypeKeys", () => {
  it("refuses __proto__ and constructor.prototype at any depth, as own keys", () => {
    for (const text of [
      '{"__proto__":{}}',
      '{"a":[{"__proto__":1}]}',
      '{"constructor":{"prototype":{}}}',
      '{"a":{"b":{"constructor":{"prototype":1}}}}',
    ]) {
      expect(() => refusePrototypeKeys(JSON.parse(text)), text).toThrow(PROTO);
    }
  });

  it("lets a plain constructor value through (no prototype to poison)", () => {
    expect(() => refusePrototypeKeys({ constructor: "x", a: { constructor: 1 } })).not.toThrow();
  });
});

describe("beginIdempotent's fingerprint", () => {
  it("is a 400, never a 500, for a body that cannot be serialized", async () => {
    const store = memoryStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const body of [cyclic, { n: 1n }]) {
      const refused = beginIdempotent(store, "key-1", "scope", body, 60_000, createSealer(["s"]));
      await expect(refused).rejects.toBeInstanceOf(WidgetTokensError);
      await expect(refused).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    }
    await store.close();
  });
});

describe.each([
  ["Express 5", 5, express.json],
  ["Express 4", 4, express4.json],
] as const)("on %s", (_name, expressVersion, json) => {
  let app: TestApp;
  let parsed: TestApp;
  let minted = 0;

  beforeAll(async () => {
    const providers = {
      fluz: {
        apiKey: "fluz-key",
        apiSecret: TEST_SECRET,
        onIssued: () => {
          minted++;
        },
      },
    };
    app = await startTestApp({ providers }, { expressVersion });
    parsed = await startTestApp({ providers }, { expressVersion, before: [json()] });
  });
  afterAll(async () => {
    await app.close();
    await parsed.close();
  });

  const send = (target: TestApp, body: string | Buffer, headers: Array<[string, string]> = []) =>
    sendRaw(Number(new URL(target.url).port), {
      method: "POST",
      target: `/widget-tokens${ROUTE}`,
      headers: [["Content-Type", "application/json"], ["x-test-user", "user-1"], ...headers],
      body,
    });

  it.each([
    ["a __proto__ key", `${VALID},"__proto__":{"amount":"1.00"}}`],
    ["a nested __proto__ key", `${VALID},"x":{"__proto__":{"polluted":true}}}`],
    ["constructor.prototype", `${VALID},"constructor":{"prototype":{"polluted":true}}}`],
  ])("refuses %s whether widget-tokens or express.json read the body", async (_what, body) => {
    for (const target of [app, parsed]) {
      const res = await send(target, body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: { code: "INVALID_REQUEST", message: PROTO } });
    }
    expect(minted).toBe(0);
  });

  it("refuses a key given twice", async () => {
    const res = await send(app, `${VALID},"amount":"9999.00"}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe('Body has "amount" more than once');
  });

  it("refuses bytes that are not UTF-8, even in a field no route reads", async () => {
    const body = Buffer.concat([
      Buffer.from(`${VALID},"note":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await send(app, body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe("Body is not valid UTF-8");
  });

  it("accepts UTF-8 text beyond ASCII", async () => {
    const res = await send(app, `${VALID},"note":"café ☕ 𝄞"}`);
    expect(res.status).toBe(201);
    minted = 0;
  });

  it("refuses a byte order mark, as JSON.parse always did", async () => {
    const res = await send(
      app,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${VALID}}`)]),
    );
    expect(res.status).toBe(400);
  });

  it("refuses two Content-Type headers, whichever comes first", async () => {
    for (const extra of ["application/json", "text/plain"]) {
      const res = await send(app, `${VALID}}`, [["Content-Type", extra]]);
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body).error.message).toBe("Content-Type must be sent once");
    }
    expect(minted).toBe(0);
  });
});

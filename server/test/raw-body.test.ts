/**
 * Strict bodies behind an app-level parser (issue 22, item 3): with
 * `express.json({ verify: keepRawBody })` in front, every check runs on the
 * bytes as sent, exactly as when widget-tokens reads the stream itself; without
 * the raw bytes, the checks the README lists are off and the middleware says so
 * once in its log.
 */
import { request as httpRequest } from "node:http";
import express from "express";
import express4 from "express4";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepRawBody } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import {
  type MerchantSandboxServer,
  merchantLogin,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const PROXY = "/merchant-api/v2/customer/create";

interface Answer {
  status: number;
  json: { error?: { code: string; message: string; field?: string }; token?: string } & Record<
    string,
    unknown
  >;
}

/** POST raw bytes (fetch would refuse to send some of them as they are). */
function postBytes(app: TestApp, path: string, body: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    const req = httpRequest(`${app.base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(bytes.length),
        "x-test-user": "user-1",
      },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Answer["json"] });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(bytes);
  });
}

/** A Fluz request whose amount is the raw JSON text `amount`. */
const postAmount = (app: TestApp, amount: string) =>
  postBytes(app, "/fluz/pat-token", `{"amount":${amount},"transactionType":"DEPOSIT"}`);

const amountOf = (answer: Answer) =>
  (jwt.verify(answer.json.token!, TEST_SECRET, { algorithms: ["HS256"] }) as { amount: number })
    .amount;

/** What the checks must refuse on the bytes as sent. */
const STRICT_CASES: Array<[string, Buffer | string, string]> = [
  [
    "a key given twice",
    '{"amount":"5.00","amount":"5000.00","transactionType":"DEPOSIT"}',
    'Body has "amount" more than once',
  ],
  [
    "invalid UTF-8",
    Buffer.concat([
      Buffer.from('{"amount":"5.00","transactionType":"DEPOSIT","note":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]),
    "Body is not valid UTF-8",
  ],
  [
    "a byte order mark",
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"amount":"5.00","transactionType":"DEPOSIT"}'),
    ]),
    "Body is not valid JSON",
  ],
  ["an amount written 1e3", '{"amount":1e3,"transactionType":"DEPOSIT"}', "amount"],
  [
    "an amount past the double's precision",
    '{"amount":50.0000000000000001,"transactionType":"DEPOSIT"}',
    "amount",
  ],
  [
    "33 levels",
    `{"amount":"5.00","transactionType":"DEPOSIT","d":${'{"a":'.repeat(32)}1${"}".repeat(32)}}`,
    "Body is nested deeper than 32 levels",
  ],
];

describe.each([5, 4] as const)(
  "Express %i, express.json({ verify: keepRawBody }) in front",
  (version) => {
    let app: TestApp;
    let upstream: MerchantSandboxServer;
    const forwarded = () => upstream.seen.filter((s) => s.url.endsWith("/customer/create")).length;

    beforeAll(async () => {
      upstream = await startMerchantSandbox();
      const json = version === 4 ? express4.json : express.json;
      app = await startTestApp(
        {
          providers: {
            fluz,
            merchantApi: {
              client: merchantLogin(upstream.baseUrl),
              expose: [{ method: "POST", path: "/v2/customer/create" }],
            },
          },
        },
        { expressVersion: version, before: [json({ verify: keepRawBody })] },
      );
    });
    afterAll(async () => {
      await app?.close();
      await upstream?.close();
    });

    it.each(STRICT_CASES)("400 for %s, as without a parser", async (_what, body, message) => {
      const answer = await postBytes(app, "/fluz/pat-token", body);
      expect(answer.status).toBe(400);
      expect(answer.json.error?.code).toBe("INVALID_REQUEST");
      expect(`${answer.json.error?.message} ${answer.json.error?.field ?? ""}`).toContain(message);
    });

    it("judges the amount on its text: 50.00 as a number mints 50, 5e1 does not", async () => {
      const ok = await postAmount(app, "50.00");
      expect(ok.status).toBe(201);
      expect(amountOf(ok)).toBe(50);
      const exp = await postAmount(app, "5e1");
      expect(exp.status).toBe(400);
    });

    it("never forwards a key given twice through the proxy; forwards a clean body", async () => {
      const before = forwarded();
      const dup = await postBytes(
        app,
        PROXY,
        '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","email":"eve@example.com"}',
      );
      expect(dup.status).toBe(400);
      expect(dup.json.error?.message).toBe('Body has "email" more than once');
      expect(forwarded()).toBe(before);
      const clean = await postBytes(
        app,
        PROXY,
        '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}',
      );
      expect(clean.status).toBeLessThan(300);
      expect(forwarded()).toBe(before + 1);
    });

    it("logs no warning: no check is lost", () => {
      expect(app.log.filter((l) => /kept no raw bytes/.test(l))).toEqual([]);
    });
  },
);

describe("express.json() in front without the raw bytes", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ providers: { fluz } }, { before: [express.json()] });
  });
  afterAll(() => app?.close());

  it("mints what the README says is lost, and warns once naming keepRawBody", async () => {
    const dup = await postBytes(app, "/fluz/pat-token", STRICT_CASES[0]![1]);
    expect(dup.status).toBe(201);
    expect(amountOf(dup)).toBe(5000);
    const exp = await postAmount(app, "1e3");
    expect(exp.status).toBe(201);
    expect(amountOf(exp)).toBe(1000);
    // Still kept: depth (on the parsed object).
    const deep = await postBytes(app, "/fluz/pat-token", STRICT_CASES[5]![1]);
    expect(deep.status).toBe(400);
    const warnings = app.log.filter((l) => /kept no raw bytes/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("express.json({ verify: keepRawBody })");
    for (const lost of [
      "a key given twice",
      "invalid UTF-8",
      "byte order mark",
      "source text",
      "bodyTimeoutMs",
    ]) {
      expect(warnings[0]).toContain(lost);
    }
  });
});

describe("keepRawBody", () => {
  it("keeps the parser's own Buffer as req.rawBody", () => {
    const req = {} as Parameters<typeof keepRawBody>[0];
    const buf = Buffer.from("{}");
    keepRawBody(req, undefined, buf);
    expect((req as unknown as { rawBody: Buffer }).rawBody).toBe(buf);
  });
});

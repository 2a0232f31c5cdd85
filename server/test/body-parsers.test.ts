import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import bodyParser from "body-parser";
import express from "express";
import express4 from "express4";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepRawBody, widgetTokens } from "../src/index.js";
import { TEST_SECRET, type TestApp, identifyByHeader, startTestApp } from "./helpers/http.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const good = JSON.stringify({ amount: "10.00", transactionType: "DEPOSIT" });
/** Larger than the default `bodyLimit` (16384), smaller than express.json's default 100 kB. */
const big = JSON.stringify({
  amount: "10.00",
  transactionType: "DEPOSIT",
  pad: "x".repeat(20_000),
});
/** A hang fails here, fast, instead of at the test timeout. */
const ANSWER_WITHIN_MS = 3000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  error?: { code: string; message: string; field?: string } | undefined;
}

/** POST `body` to the Fluz route; `chunked` sends it without a Content-Length. */
function send(
  app: TestApp,
  body: string,
  { type = "application/json", chunked = false }: { type?: string; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": type, "x-test-user": "user-1" };
    if (chunked) headers["transfer-encoding"] = "chunked";
    else headers["content-length"] = String(Buffer.byteLength(body));
    const req = httpRequest(`${app.base}/fluz/pat-token`, { method: "POST", headers });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)),
      ANSWER_WITHIN_MS,
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let error: Answer["error"];
        if (/json/.test(String(res.headers["content-type"]))) {
          error = (JSON.parse(text) as { error?: Answer["error"] }).error;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, error });
      });
      res.on("error", reject);
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (chunked) {
      // Two writes, so the body really goes out in chunks.
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.end(body.slice(half));
    } else {
      req.end(body);
    }
  });
}

interface Setup {
  name: string;
  before: () => unknown[];
  /** A JSON parser that reads application/json before widget-tokens does. */
  parsesJson?: boolean;
}

/** What merchants mount in front, for each Express, with that Express's own parsers. */
function setups(version: 4 | 5): Setup[] {
  const e = version === 4 ? express4 : express;
  const notJson = () => [
    e.urlencoded({ extended: false }),
    e.text(),
    e.raw(),
    bodyParser.urlencoded({ extended: false }),
    bodyParser.text(),
    bodyParser.raw(),
  ];
  return [
    { name: "nothing", before: () => [] },
    { name: "express.json()", before: () => [e.json()], parsesJson: true },
    {
      name: "express.json({ verify: keepRawBody })",
      before: () => [e.json({ verify: keepRawBody })],
      parsesJson: true,
    },
    {
      name: "express.json({limit: '5mb'})",
      before: () => [e.json({ limit: "5mb" })],
      parsesJson: true,
    },
    { name: "express.urlencoded()", before: () => [e.urlencoded({ extended: true })] },
    { name: "express.text()", before: () => [e.text()] },
    { name: "express.raw()", before: () => [e.raw()] },
    { name: "body-parser json()", before: () => [bodyParser.json()], parsesJson: true },
    { name: "body-parser urlencoded/text/raw", before: notJson },
    {
      name: "every parser, json last",
      before: () => [...notJson(), e.json({ limit: "5mb" })],
      parsesJson: true,
    },
    {
      name: "every parser, json last, keeping the raw bytes",
      before: () => [...notJson(), e.json({ limit: "5mb", verify: keepRawBody })],
      parsesJson: true,
    },
  ];
}

describe.each([5, 4] as const)("body parsers in front, Express %i", (version) => {
  describe.each(setups(version))("$name", (setup) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(
        { providers: { fluz } },
        { expressVersion: version, before: setup.before() },
      );
    });
    afterAll(() => app.close());

    it("201 with a token for a valid JSON body, sized or chunked", async () => {
      for (const chunked of [false, true]) {
        const res = await send(app, good, { chunked });
        expect(res.status).toBe(201);
        const { token } = JSON.parse(res.text) as { token: string };
        const claims = jwt.verify(token, TEST_SECRET, { algorithms: ["HS256"] }) as {
          amount: number;
          transactionType: string;
        };
        expect(claims).toMatchObject({ amount: 10, transactionType: "DEPOSIT" });
      }
    });

    it("400 INVALID_REQUEST for JSON that is not an object", async () => {
      for (const body of ["[1,2]", "[]"]) {
        const res = await send(app, body);
        expect(res.status).toBe(400);
        expect(res.error).toMatchObject({
          code: "INVALID_REQUEST",
          message: "Body must be a JSON object",
        });
      }
    });

    it("400 for invalid JSON (INVALID_REQUEST unless the app's own JSON parser answers)", async () => {
      const res = await send(app, '{"amount": "10.00",');
      expect(res.status).toBe(400);
      // A JSON parser in front refuses it itself, through the app's error handler.
      if (!setup.parsesJson) expect(res.error?.code).toBe("INVALID_REQUEST");
    });

    it("415 for a body that is not JSON, whichever parser read it", async () => {
      for (const [type, body] of [
        ["text/plain", good],
        ["application/x-www-form-urlencoded", "amount=10.00&transactionType=DEPOSIT"],
        ["application/octet-stream", good],
      ] as const) {
        const res = await send(app, body, { type });
        expect(res.status).toBe(415);
        expect(res.error).toMatchObject({
          code: "UNSUPPORTED_MEDIA_TYPE",
          message: "Content-Type must be application/json",
        });
      }
    });

    it("413 JSON past bodyLimit, sized or chunked, and keeps serving", async () => {
      for (const chunked of [false, true]) {
        const res = await send(app, big, { chunked });
        expect(res.status).toBe(413);
        expect(res.error?.code).toBe("PAYLOAD_TOO_LARGE");
      }
      expect((await send(app, good)).status).toBe(201);
    });
  });

  describe("a parser that consumed the body as something other than JSON", () => {
    const e = version === 4 ? express4 : express;
    const consumers: [string, () => unknown[], RegExp][] = [
      ["express.text({type: '*/*'})", () => [e.text({ type: "*/*" })], /as text/],
      ["express.raw({type: '*/*'})", () => [e.raw({ type: "*/*" })], /as raw bytes/],
      ["body-parser text({type: '*/*'})", () => [bodyParser.text({ type: "*/*" })], /as text/],
      ["body-parser raw({type: '*/*'})", () => [bodyParser.raw({ type: "*/*" })], /as raw bytes/],
      [
        "a middleware that drains the stream",
        () => [
          (req: import("node:http").IncomingMessage, _res: unknown, next: () => void) => {
            req.on("end", () => next());
            req.resume();
          },
        ],
        /without leaving it in req\.body/,
      ],
    ];
    it.each(consumers)("%s: 415 saying what to change, no hang", async (_name, before, how) => {
      const app = await startTestApp(
        { providers: { fluz } },
        { expressVersion: version, before: before() },
      );
      try {
        const res = await send(app, good);
        expect(res.status).toBe(415);
        expect(res.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
        expect(res.error?.message).toMatch(how);
        expect(res.error?.message).toMatch(
          /mount widget-tokens before it or let it parse application\/json/,
        );
      } finally {
        await app.close();
      }
    });
  });

  describe("a slow or partial body", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(
        { providers: { fluz }, bodyTimeoutMs: 300 },
        {
          expressVersion: version,
          before: [(version === 4 ? express4 : express).urlencoded({ extended: false })],
        },
      );
    });
    afterAll(() => app.close());

    it("408 REQUEST_TIMEOUT with Connection: close, the socket closed, and the server keeps serving", async () => {
      const { port } = new URL(app.url);
      const socket = connect(Number(port), "127.0.0.1");
      await once(socket, "connect");
      const received: Buffer[] = [];
      socket.on("data", (c: Buffer) => received.push(c));
      const closed = once(socket, "close");
      const guard = setTimeout(
        () => socket.destroy(new Error("no 408 and close within 3 s")),
        3000,
      );
      socket.write(
        [
          "POST /widget-tokens/fluz/pat-token HTTP/1.1",
          "Host: 127.0.0.1",
          "Content-Type: application/json",
          "X-Test-User: user-1",
          `Content-Length: ${Buffer.byteLength(good)}`,
          "",
          good.slice(0, 10),
        ].join("\r\n"),
      );
      await closed;
      clearTimeout(guard);

      const raw = Buffer.concat(received).toString("utf8");
      const [head = "", body = ""] = raw.split("\r\n\r\n");
      expect(head).toMatch(/^HTTP\/1\.1 408 /);
      expect(head).toMatch(/^connection: close$/im);
      expect(head).toMatch(/^content-type: application\/json/im);
      expect(JSON.parse(body)).toMatchObject({ error: { code: "REQUEST_TIMEOUT" } });
      expect(socket.destroyed).toBe(true);

      expect((await send(app, good)).status).toBe(201);
    });
  });
});

describe("bodyTimeoutMs", () => {
  it("is validated when the middleware is built", () => {
    for (const bodyTimeoutMs of [99, 120_001, 1.5, "1000"]) {
      expect(() =>
        widgetTokens({ identify: identifyByHeader, providers: { fluz }, bodyTimeoutMs } as never),
      ).toThrow(/"bodyTimeoutMs"/);
    }
    expect(() =>
      widgetTokens({ identify: identifyByHeader, providers: { fluz }, bodyTimeoutMs: 100 }).close(),
    ).not.toThrow();
  });
});

import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FluzIssued } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const fluz = (issued: FluzIssued[] = []) => ({
  apiKey: "fluz-key",
  apiSecret: TEST_SECRET,
  onIssued: (i: FluzIssued) => {
    issued.push(i);
  },
});

/** POST with the path exactly as given, no URL normalization. */
function rawPost(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(app.url);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path,
      method: "POST",
      headers: { "content-type": "application/json", "x-test-user": "user-1" },
    });
    req.on("response", (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(JSON.stringify({ amount: 1, transactionType: "DEPOSIT" }));
  });
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  return { status: res.status, ...body.error };
}

let app: TestApp;

describe.each([5, 4] as const)("the shared pipeline on Express %i", (expressVersion) => {
  const issued: FluzIssued[] = [];
  beforeAll(async () => {
    app = await startTestApp(
      {
        providers: { fluz: fluz(issued) },
        allowedOrigins: ["https://shop.example"],
        authorize: ({ request, user }) => {
          const r = request as { amount: number; transactionType: string };
          // The merchant's policy: no withdrawal over the balance of 500.
          return !(r.transactionType === "WITHDRAW" && r.amount > 500) && user.id !== "blocked";
        },
      },
      { expressVersion },
    );
  });
  afterAll(() => app.close());

  const good = { amount: "10.00", transactionType: "DEPOSIT" };

  it("401 when nobody is signed in", async () => {
    const res = await app.post("/fluz/pat-token", good, { "x-test-user": "" });
    expect(await errorOf(res)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("403 when the merchant's policy refuses, and nothing is minted", async () => {
    const before = issued.length;
    const res = await app.post("/fluz/pat-token", { amount: "600", transactionType: "WITHDRAW" });
    expect(await errorOf(res)).toMatchObject({ status: 403, code: "FORBIDDEN" });
    const blocked = await app.post("/fluz/pat-token", good, { "x-test-user": "blocked" });
    expect(blocked.status).toBe(403);
    expect(issued.length).toBe(before);
  });

  it("403 for a foreign origin or cross-site fetch metadata; allowed origins get CORS", async () => {
    const evil = await app.post("/fluz/pat-token", good, { origin: "https://evil.example" });
    expect(await errorOf(evil)).toMatchObject({ status: 403, code: "ORIGIN_NOT_ALLOWED" });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();

    const crossSite = await app.post("/fluz/pat-token", good, { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);

    const nullOrigin = await app.post("/fluz/pat-token", good, {
      origin: "null",
      "sec-fetch-site": "cross-site",
    });
    expect(nullOrigin.status).toBe(403);

    const listed = await app.post("/fluz/pat-token", good, {
      origin: "https://shop.example",
      "sec-fetch-site": "cross-site",
    });
    expect(listed.status).toBe(201);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(listed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(listed.headers.get("vary")).toMatch(/Origin/);

    const sameOrigin = await app.post("/fluz/pat-token", good, {
      origin: app.url,
      "sec-fetch-site": "same-origin",
    });
    expect(sameOrigin.status).toBe(201);
    expect(sameOrigin.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a preflight only for listed origins", async () => {
    const ok = await fetch(`${app.base}/fluz/pat-token`, {
      method: "OPTIONS",
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,idempotency-key",
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Idempotency-Key/);
    const bad = await fetch(`${app.base}/fluz/pat-token`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(bad.status).toBe(403);
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });

  it.each([
    ["amount missing", { transactionType: "DEPOSIT" }, "amount"],
    ["amount NaN string", { amount: "NaN", transactionType: "DEPOSIT" }, "amount"],
    ["amount exponent", { amount: "1e3", transactionType: "DEPOSIT" }, "amount"],
    ["amount hex", { amount: "0x10", transactionType: "DEPOSIT" }, "amount"],
    ["amount negative", { amount: -5, transactionType: "DEPOSIT" }, "amount"],
    ["amount zero", { amount: 0, transactionType: "DEPOSIT" }, "amount"],
    ["amount three decimals", { amount: "1.001", transactionType: "DEPOSIT" }, "amount"],
    ["amount over max", { amount: 10_000.01, transactionType: "DEPOSIT" }, "amount"],
    ["amount empty", { amount: "", transactionType: "DEPOSIT" }, "amount"],
    ["amount array", { amount: [5], transactionType: "DEPOSIT" }, "amount"],
    ["amount object", { amount: { v: 5 }, transactionType: "DEPOSIT" }, "amount"],
    ["amount boolean", { amount: true, transactionType: "DEPOSIT" }, "amount"],
    ["amount null", { amount: null, transactionType: "DEPOSIT" }, "amount"],
    ["type missing", { amount: 5 }, "transactionType"],
    ["type lower case", { amount: 5, transactionType: "deposit" }, "transactionType"],
    ["type other", { amount: 5, transactionType: "TRANSFER" }, "transactionType"],
    ["type array", { amount: 5, transactionType: ["DEPOSIT"] }, "transactionType"],
  ])("400 for %s", async (_name, body, field) => {
    const before = issued.length;
    const res = await app.post("/fluz/pat-token", body);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "INVALID_REQUEST", field });
    expect(issued.length).toBe(before);
  });

  it("-0 in the JSON text is refused", async () => {
    const res = await app.post("/fluz/pat-token", '{"amount":-0,"transactionType":"DEPOSIT"}');
    expect(await errorOf(res)).toMatchObject({ status: 400, field: "amount" });
  });

  it.each([
    ["not JSON", "{amount: 5"],
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"x"'],
    ["null", "null"],
    ["empty", ""],
  ])("400 for a body that is %s", async (_name, text) => {
    const res = await app.post("/fluz/pat-token", text);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it("415 unless the body is JSON in UTF-8, uncompressed", async () => {
    const cases: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      { "content-type": "application/json; charset=latin1" },
      { "content-type": "application/json; charset=" },
      { "content-type": 'application/json; charset=""' },
      { "content-type": "application/json; charset=utf-8; charset=latin1" },
      { "content-type": "application/json; charset=utf-8; charset=utf-8" },
      { "content-type": "application/json", "content-encoding": "gzip" },
    ];
    for (const headers of cases) {
      const res = await app.post("/fluz/pat-token", good, headers);
      expect(await errorOf(res)).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    }
  });

  it("413 for an oversized body, declared or streamed, and keeps serving", async () => {
    const big = JSON.stringify({ ...good, pad: "x".repeat(20_000) });
    const res = await app.post("/fluz/pat-token", big);
    expect(await errorOf(res)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });

    // Chunked, no Content-Length: the limit applies while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${app.base}/fluz/pat-token`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-test-user": "user-1",
          "transfer-encoding": "chunked",
        },
      });
      req.on("response", (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 40; i++) req.write("x".repeat(1000));
      req.end();
    });
    expect(status).toBe(413);
    const after = await app.post("/fluz/pat-token", good);
    expect(after.status).toBe(201);
  });

  it("404 JSON for unknown routes and 405 for the wrong method", async () => {
    const missing = await app.post("/fluz/other", good);
    expect(await errorOf(missing)).toMatchObject({ status: 404, code: "NOT_FOUND" });
    // Sent as written (fetch would normalize the dots away).
    for (const path of [
      "/fluz/pat-token/../pat-token",
      "/fluz/%70at-token",
      "/fluz/pat-token/",
      "/FLUZ/pat-token",
    ]) {
      expect(await rawPost(`/widget-tokens${path}`)).toBe(404);
    }
    const wrong = await fetch(`${app.base}/fluz/pat-token`, {
      headers: { "x-test-user": "user-1" },
    });
    expect(await errorOf(wrong)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
  });

  it("Idempotency-Key: same key and body → the same token, no second pre-authorization", async () => {
    const key = `key-${Math.random()}`;
    const before = issued.length;
    const first = await app.post("/fluz/pat-token", good, { "idempotency-key": key });
    const second = await app.post("/fluz/pat-token", good, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const [a, b] = [
      (await first.json()) as { token: string },
      (await second.json()) as { token: string },
    ];
    expect(b.token).toBe(a.token);
    expect(issued.length).toBe(before + 1);
    // The same key for another user is that user's own record.
    const other = await app.post("/fluz/pat-token", good, {
      "idempotency-key": key,
      "x-test-user": "user-2",
    });
    const { payload: claims } = await verifyHs256(
      ((await other.json()) as { token: string }).token,
      TEST_SECRET,
    );
    expect(claims.externalId).toBe("user-2");
  });

  it("Idempotency-Key: same key with another body → 422; a malformed key → 400", async () => {
    const key = `key-${Math.random()}`;
    expect((await app.post("/fluz/pat-token", good, { "idempotency-key": key })).status).toBe(201);
    const conflict = await app.post(
      "/fluz/pat-token",
      { ...good, amount: "11.00" },
      { "idempotency-key": key },
    );
    expect(await errorOf(conflict)).toMatchObject({ status: 422, code: "IDEMPOTENCY_KEY_REUSED" });
    const bad = await app.post("/fluz/pat-token", good, { "idempotency-key": "a b" });
    expect(await errorOf(bad)).toMatchObject({ status: 400, field: "Idempotency-Key" });
  });

  it("Idempotency-Key: a retry with the same fields in another order replays (canonical JSON)", async () => {
    const key = `key-${Math.random()}`;
    const first = await app.post(
      "/fluz/pat-token",
      '{"amount":"12.00","transactionType":"DEPOSIT"}',
      {
        "idempotency-key": key,
      },
    );
    expect(first.status).toBe(201);
    const retry = await app.post(
      "/fluz/pat-token",
      '{"transactionType":"DEPOSIT","amount":"12.00"}',
      {
        "idempotency-key": key,
      },
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { jti: string }).jti).toBe(
      ((await first.json()) as { jti: string }).jti,
    );
  });

  it("a failed request frees its Idempotency-Key", async () => {
    const key = `key-${Math.random()}`;
    const refused = await app.post(
      "/fluz/pat-token",
      { amount: "900", transactionType: "WITHDRAW" },
      { "idempotency-key": key },
    );
    expect(refused.status).toBe(403);
    const retry = await app.post(
      "/fluz/pat-token",
      { amount: "900", transactionType: "WITHDRAW" },
      { "idempotency-key": key },
    );
    expect(retry.status).toBe(403);
  });

  it("serves the drop-in loader with caching and helmet headers", async () => {
    const res = await fetch(`${app.base}/loader.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = res.headers.get("etag")!;
    expect(await res.text()).toContain("data-widget");
    const again = await fetch(`${app.base}/loader.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("error answers carry no-store and no stack", async () => {
    const res = await app.post("/fluz/pat-token", "{");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts:\d+|SyntaxError|node_modules/);
  });
});

describe("rate limits", () => {
  beforeAll(async () => {
    app = await startTestApp({
      providers: { fluz: fluz() },
      rateLimit: { perUser: { limit: 3, windowMs: 60_000 }, perIp: { limit: 5, windowMs: 60_000 } },
    });
  });
  afterAll(() => app.close());

  it("429 with Retry-After per user, then per IP", async () => {
    const body = { amount: 1, transactionType: "DEPOSIT" };
    for (let i = 0; i < 3; i++) expect((await app.post("/fluz/pat-token", body)).status).toBe(201);
    const limited = await app.post("/fluz/pat-token", body);
    expect(await errorOf(limited)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another user from the same IP: the 5th request fits under the IP limit of 5, the 6th does not.
    expect((await app.post("/fluz/pat-token", body, { "x-test-user": "user-2" })).status).toBe(201);
    const byIp = await app.post("/fluz/pat-token", body, { "x-test-user": "user-3" });
    expect(await errorOf(byIp)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
  });
});

describe("hooks that throw or misbehave", () => {
  it("a throwing authorize is a 500 with a generic message; the log names the hook and route, secrets redacted", async () => {
    const app = await startTestApp({
      providers: { fluz: fluz() },
      authorize: () => {
        throw new Error(`db down; secret=${TEST_SECRET}`);
      },
    });
    try {
      const res = await app.post("/fluz/pat-token", { amount: 1, transactionType: "DEPOSIT" });
      expect(await errorOf(res)).toEqual({
        status: 500,
        code: "INTERNAL_ERROR",
        message: "Internal error",
      });
      const log = app.log.join("\n");
      expect(log).toContain(
        "widget-tokens: authorize hook threw Error on POST /fluz/pat-token: db down; secret=[secret]",
      );
      expect(log).not.toContain(TEST_SECRET);
    } finally {
      await app.close();
    }
  });

  it.each([
    ["development", true],
    ["production", false],
  ])(
    "an identify that throws (a session mounted after widget-tokens) is logged with its name and route; stack in %s: %s",
    async (nodeEnv, withStack) => {
      const before = process.env.NODE_ENV;
      process.env.NODE_ENV = nodeEnv;
      const app = await startTestApp({
        providers: { fluz: fluz() },
        identify: (req) => {
          const session = (req as unknown as { session: { userId: string } }).session;
          return { id: session.userId };
        },
      });
      try {
        const res = await app.post("/fluz/pat-token", { amount: 1, transactionType: "DEPOSIT" });
        expect(res.status).toBe(500);
        const line = app.log.find((l) => l.includes("identify hook threw TypeError"));
        expect(line).toMatch(
          /^widget-tokens: identify hook threw TypeError on POST \/fluz\/pat-token: /,
        );
        expect(/\n\s+at /.test(line ?? "")).toBe(withStack);
      } finally {
        process.env.NODE_ENV = before;
        await app.close();
      }
    },
  );

  it("identify returning a malformed user is a 500, never a token", async () => {
    const app = await startTestApp({
      providers: { fluz: fluz() },
      identify: () => ({ id: 42.5 }) as never,
    });
    try {
      const res = await app.post("/fluz/pat-token", { amount: 1, transactionType: "DEPOSIT" });
      expect(res.status).toBe(500);
    } finally {
      await app.close();
    }
  });
});

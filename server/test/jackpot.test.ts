import {
  type JackpotSandboxControl,
  type Sandbox,
  jackpotSandboxControl,
  startSandbox,
} from "@widget-tokens/sandbox";
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type JackpotIssued,
  type JackpotOptions,
  WidgetTokensOptionError,
  widgetTokens,
} from "../src/index.js";
import { type TestApp, startTestApp } from "./helpers/http.js";
import { refusingPort } from "./helpers/refusing-port.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const API_KEY = "jackpot-key-live-7f3a9c";
const API_SIGNATURE = "jackpot-signature-0123456789abcdef-0123456789abcdef";
const ROUTE = "/jackpot/session-token";
const CLAIMS = ["age", "amount", "cp", "iat", "notificationKey", "userId"];

/** Either answer shape of the route (tests read the one they expect). */
interface Answer {
  sessionToken: string;
  expiresAt: string;
  error: { code: string; message: string; field?: string; upstreamCode?: string };
}

/** Every response text and log line the tests saw: no secret may appear in any. */
const seen: string[] = [];

async function call(app: TestApp, body: unknown, headers?: Record<string, string>) {
  const res = await app.post(ROUTE, body, headers);
  const text = await res.text();
  seen.push(text, JSON.stringify([...res.headers]));
  return { res, status: res.status, text, json: JSON.parse(text) as Answer };
}

/** The assertion's claims, verified with jose (not the signer's library), HS256 pinned. */
async function verify(assertion: string, key = API_SIGNATURE) {
  return (await verifyHs256(assertion, key)).payload;
}

describe("Jackpot session-token over real loopback HTTP", () => {
  const control: JackpotSandboxControl = jackpotSandboxControl();
  let sandbox: Sandbox;
  let app: TestApp;
  const issued: JackpotIssued[] = [];
  const apps: TestApp[] = [];
  let sandboxConnections = 0;

  /** A separate app (its own keep-alive pool) with changed options. */
  async function otherApp(
    jackpot: Partial<JackpotOptions>,
    core: Record<string, unknown> = {},
  ): Promise<TestApp> {
    const a = await startTestApp({
      providers: {
        jackpot: {
          apiKey: API_KEY,
          apiSignature: API_SIGNATURE,
          baseUrl: `${sandbox.url}/jackpot`,
          onIssued: (i: JackpotIssued) => {
            issued.push(i);
          },
          ...jackpot,
        },
      },
      ...core,
    });
    apps.push(a);
    return a;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      providers: { jackpot: { apiKey: API_KEY, apiSignature: API_SIGNATURE, control } },
    });
    sandbox.server.on("connection", () => sandboxConnections++);
    app = await otherApp({});
  });
  beforeEach(() => {
    control.reset();
    issued.length = 0;
  });
  afterEach(() => {
    control.reset();
  });
  afterAll(async () => {
    for (const a of apps) seen.push(...a.log);
    for (const a of apps) await a.close();
    await sandbox.close();
  });

  it("2xx: exchanges a fresh HS256 assertion and answers 201 {sessionToken, expiresAt}", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { res, status, json } = await call(app, { amount: "25.00" });
    expect(status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(json).sort()).toEqual(["expiresAt", "sessionToken"]);
    expect(json.sessionToken).toMatch(/^jps_[\w-]{20,}$/);
    const lifetime = new Date(json.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);

    expect(control.exchanges).toHaveLength(1);
    const [exchange] = control.exchanges;
    expect(exchange!.status).toBe(200);
    expect(exchange!.clientId).toBe(API_KEY);
    const claims = await verify(exchange!.assertion);
    expect(Object.keys(claims).sort()).toEqual(CLAIMS);
    expect(claims).toMatchObject({ amount: 25, cp: "99", age: 99, userId: "user-1" });
    expect(claims.gender).toBeUndefined();
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const header = JSON.parse(
      Buffer.from(exchange!.assertion.split(".")[0]!, "base64url").toString(),
    );
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });

    // onIssued got the same notificationKey, before the exchange.
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      notificationKey: claims.notificationKey,
      userId: "user-1",
      amount: 25,
      attempt: 1,
    });

    // The session token opens the sandbox widget session for that amount.
    const session = await fetch(`${sandbox.url}/jackpot/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionToken: json.sessionToken }),
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ amount: 25, userId: "user-1" });
  });

  it("works the same mounted in Express 4", async () => {
    const v4 = await startTestApp(
      {
        providers: {
          jackpot: {
            apiKey: API_KEY,
            apiSignature: API_SIGNATURE,
            baseUrl: `${sandbox.url}/jackpot`,
          },
        },
      },
      { expressVersion: 4 },
    );
    apps.push(v4);
    const { status, json } = await call(v4, { amount: "19.90" });
    expect(status).toBe(201);
    expect(json.sessionToken).toMatch(/^jps_/);
    expect(await verify(control.exchanges[0]!.assertion)).toMatchObject({
      amount: 19.9,
      userId: "user-1",
    });
    const bad = await call(v4, { amount: "x" });
    expect(bad.status).toBe(400);
  });

  it("the assertion fails a verifier with another key or another algorithm", async () => {
    await call(app, { amount: 5 });
    const assertion = control.exchanges[0]!.assertion;
    await expect(verify(assertion, `${API_SIGNATURE}x`)).rejects.toThrow(/signature/);
    await expect(verifyHs256(assertion, API_SIGNATURE, { algorithms: ["HS512"] })).rejects.toThrow(
      /Algorithm/,
    );
  });

  it("cp, age and gender come from identify(), and a profile hook overrides them", async () => {
    const fromIdentify = await otherApp(
      {},
      {
        identify: () => ({ id: "u-9", cp: "75001", age: 34, gender: "F" }),
      },
    );
    expect((await call(fromIdentify, { amount: 10 })).status).toBe(201);
    expect(await verify(control.exchanges[0]!.assertion)).toMatchObject({
      userId: "u-9",
      cp: "75001",
      age: 34,
      gender: "F",
    });

    const hooked = await otherApp(
      { profile: async (user) => ({ cp: "13002", age: user.id === "user-1" ? 41 : 0 }) },
      {},
    );
    expect((await call(hooked, { amount: 10 })).status).toBe(201);
    const claims = await verify(control.exchanges[1]!.assertion);
    expect(claims).toMatchObject({ userId: "user-1", cp: "13002", age: 41 });
    expect(Object.keys(claims).sort()).toEqual(CLAIMS);
  });

  it("a profile with a malformed value mints nothing: 500 INTERNAL_ERROR", async () => {
    const bad = await otherApp({ profile: () => ({ age: "forty" as unknown as number }) });
    const { status, json } = await call(bad, { amount: 10 });
    expect(status).toBe(500);
    expect(json.error.code).toBe("INTERNAL_ERROR");
    expect(control.exchanges).toHaveLength(0);
  });

  it("ignores any attempt in the body to name another user or profile", async () => {
    const { status } = await call(app, {
      amount: 3,
      userId: "victim",
      cp: "00000",
      age: 1,
      notificationKey: "mine",
    });
    expect(status).toBe(201);
    const claims = await verify(control.exchanges[0]!.assertion);
    expect(claims).toMatchObject({ userId: "user-1", cp: "99", age: 99 });
    expect(claims.notificationKey).not.toBe("mine");
  });

  it("every exchange carries a new assertion and a new notificationKey", async () => {
    for (let i = 0; i < 12; i++) expect((await call(app, { amount: 1 })).status).toBe(201);
    const assertions = control.exchanges.map((e) => e.assertion);
    expect(assertions).toHaveLength(12);
    expect(new Set(assertions).size).toBe(12);
    const keys = (await Promise.all(assertions.map((a) => verify(a)))).map(
      (c) => c.notificationKey,
    );
    expect(new Set(keys).size).toBe(12);
    expect(keys).toEqual(issued.map((i) => i.notificationKey));
  });

  it("concurrent requests: each its own assertion, all exchanged once", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(app, { amount: i + 1 })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.json.sessionToken)).size).toBe(20);
    const assertions = control.exchanges.map((e) => e.assertion);
    expect(new Set(assertions).size).toBe(20);
    const amounts = (await Promise.all(assertions.map((x) => verify(x))))
      .map((c) => c.amount as number)
      .sort((p, q) => p - q);
    expect(amounts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("an onIssued hook that throws stops the request before anything is sent", async () => {
    const failing = await otherApp({
      onIssued: () => {
        throw new Error("database is down");
      },
    });
    const { status, json } = await call(failing, { amount: 5 });
    expect(status).toBe(500);
    expect(json.error.code).toBe("INTERNAL_ERROR");
    expect(json.error.message).not.toContain("database");
    expect(control.exchanges).toHaveLength(0);
  });

  it("reuses one keep-alive connection for sequential exchanges", async () => {
    const pooled = await otherApp({});
    const start = sandboxConnections;
    for (let i = 0; i < 5; i++) expect((await call(pooled, { amount: 1 })).status).toBe(201);
    expect(sandboxConnections - start).toBe(1);
  });

  it("one-time use: the sandbox refuses an assertion it has seen, 400 invalid_grant", async () => {
    await call(app, { amount: 7 });
    const assertion = control.exchanges[0]!.assertion;
    const again = await fetch(`${sandbox.url}/jackpot/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        client_id: API_KEY,
        assertion,
      }),
    });
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe("invalid_grant");
  });

  it("4xx: 502 UPSTREAM_REJECTED with the provider's code, never its body", async () => {
    const wrongSignature = await otherApp({ apiSignature: `${API_SIGNATURE}-rotated` });
    const a = await call(wrongSignature, { amount: 5 });
    expect(a.status).toBe(502);
    expect(a.json).toEqual({
      error: {
        code: "UPSTREAM_REJECTED",
        message: expect.any(String),
        upstreamCode: "invalid_grant",
      },
    });
    expect(a.text).not.toContain("signature or format");
    expect(a.text).not.toContain("error_description");

    const wrongKey = await otherApp({ apiKey: "jackpot-key-other-000" });
    const b = await call(wrongKey, { amount: 5 });
    expect(b.status).toBe(502);
    expect(b.json.error).toMatchObject({
      code: "UPSTREAM_REJECTED",
      upstreamCode: "invalid_client",
    });

    // iat ten minutes old: not fresh.
    const stale = await otherApp({}, { now: () => Date.now() - 600_000 });
    const c = await call(stale, { amount: 5 });
    expect(c.json.error).toMatchObject({
      code: "UPSTREAM_REJECTED",
      upstreamCode: "invalid_grant",
    });

    // No retry after a rejection.
    expect(control.exchanges.map((e) => e.status)).toEqual([400, 401, 400]);
  });

  // Every other upstream fault (500, garbage, reset, slow, down), with its deadline:
  // server/test/faults/upstream.test.ts.

  it("refused, then the provider is back: the retry's new assertion succeeds", async () => {
    const port = await refusingPort();
    const late = jackpotSandboxControl();
    let lateSandbox: Sandbox | undefined;
    const keys: string[] = [];
    const flaky = await otherApp({
      baseUrl: `http://127.0.0.1:${port}/jackpot`,
      onIssued: async (i) => {
        keys.push(i.notificationKey);
        // Before the second attempt, the provider starts listening on the port that refused.
        if (i.attempt === 2) {
          lateSandbox = await startSandbox({
            providers: { jackpot: { apiKey: API_KEY, apiSignature: API_SIGNATURE, control: late } },
            port,
          });
        }
      },
    });
    try {
      const { status, json } = await call(flaky, { amount: 12.5 });
      expect(status).toBe(201);
      expect(json.sessionToken).toMatch(/^jps_/);
      expect(keys).toHaveLength(2);
      expect(late.exchanges).toHaveLength(1);
      const claims = await verify(late.exchanges[0]!.assertion);
      expect(claims.notificationKey).toBe(keys[1]);
      expect(claims.notificationKey).not.toBe(keys[0]);
      expect(claims.amount).toBe(12.5);
    } finally {
      await flaky.close();
      apps.splice(apps.indexOf(flaky), 1);
      await lateSandbox?.close();
    }
  });

  it("Idempotency-Key replays the stored answer: no second exchange", async () => {
    const headers = { "idempotency-key": "convert-42" };
    const first = await call(app, { amount: 25 }, headers);
    const second = await call(app, { amount: 25 }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.res.headers.get("idempotent-replayed")).toBe("true");
    expect(control.exchanges).toHaveLength(1);
    const other = await call(app, { amount: 26 }, headers);
    expect(other.status).toBe(422);
    expect(control.exchanges).toHaveLength(1);
  });

  it.each([
    [{ amount: "1e3" }],
    [{ amount: -5 }],
    [{ amount: 0 }],
    [{ amount: "10.001" }],
    [{ amount: 10_000.01 }],
    [{ amount: "NaN" }],
    [{}],
    [{ amount: [25] }],
    [{ amount: { valueOf: 25 } }],
  ])("bad amount %j: 400 INVALID_REQUEST field amount, nothing minted", async (body) => {
    const { status, json } = await call(app, body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "INVALID_REQUEST", field: "amount" });
    expect(control.exchanges).toHaveLength(0);
    expect(issued).toHaveLength(0);
  });

  it("a configured maxAmount bounds the amount", async () => {
    const capped = await otherApp({ maxAmount: 100 });
    expect((await call(capped, { amount: 100 })).status).toBe(201);
    const over = await call(capped, { amount: "100.01" });
    expect(over.status).toBe(400);
    expect(over.json.error.message).toContain("at most 100");
  });

  it("hostile input: malformed JSON, no user, wrong content type", async () => {
    const raw = await app.post(ROUTE, "{amount: 25");
    expect(raw.status).toBe(400);
    const anon = await fetch(`${app.base}${ROUTE}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"amount":25}',
    });
    expect(anon.status).toBe(401);
    const form = await fetch(`${app.base}${ROUTE}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-test-user": "user-1" },
      body: "amount=25",
    });
    expect(form.status).toBe(415);
    expect(control.exchanges).toHaveLength(0);
    expect((await call(app, { amount: 1 })).status).toBe(201);
  });

  it("the v1 shape: path, body, key header and answer fields are configurable", async () => {
    const v1 = await otherApp({
      exchange: {
        path: "/v1/token",
        apiKeyHeader: "X-Api-Key",
        body: ({ assertion }) => ({ token: assertion }),
        tokenField: "sessionToken",
        expiresInField: "expiresIn",
      },
    });
    const { status, json } = await call(v1, { amount: 9.99 });
    expect(status).toBe(201);
    expect(json.sessionToken).toMatch(/^jps_/);
    expect(control.exchanges[0]!.clientId).toBe(API_KEY);
    expect((await verify(control.exchanges[0]!.assertion)).amount).toBe(9.99);
  });

  it("validates its options at construction, naming the option, never the value", () => {
    const build = (jackpot: Record<string, unknown>) => () =>
      widgetTokens({
        identify: () => null,
        providers: {
          jackpot: {
            apiKey: API_KEY,
            apiSignature: API_SIGNATURE,
            baseUrl: "https://j.example",
            ...jackpot,
          },
        },
      });
    expect(build({ apiSignature: undefined })).toThrow(/providers\.jackpot\.apiSignature/);
    expect(build({ apiKey: "" })).toThrow(/providers\.jackpot\.apiKey/);
    expect(build({ baseUrl: undefined })).toThrow(/providers\.jackpot\.baseUrl/);
    expect(build({ baseUrl: "ftp://j.example" })).toThrow(/providers\.jackpot\.baseUrl/);
    expect(build({ baseUrl: "https://u:p@j.example" })).toThrow(/credentials/);
    expect(build({ timeoutMs: 0 })).toThrow(/providers\.jackpot\.timeoutMs/);
    expect(build({ maxAmount: -1 })).toThrow(/providers\.jackpot\.maxAmount/);
    expect(build({ onIssued: "yes" })).toThrow(/providers\.jackpot\.onIssued/);
    expect(build({ exchange: { apiKeyHeader: "Bad Header" } })).toThrow(/exchange\.apiKeyHeader/);
    expect(build({ exchange: { path: "v2/token" } })).toThrow(/exchange\.path/);
    expect(build({ exchange: { tokenField: "a..b" } })).toThrow(/exchange\.tokenField/);
    try {
      build({ apiSignature: 42 })();
    } catch (err) {
      expect(err).toBeInstanceOf(WidgetTokensOptionError);
      expect(String((err as Error).message)).not.toContain(API_KEY);
    }
  });

  it("no secret reaches a response or a log line", () => {
    for (const a of apps) seen.push(...a.log);
    const text = seen.join("\n");
    expect(text.length).toBeGreaterThan(1000);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_SIGNATURE);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});

describe("the Jackpot sandbox token API checks what Jackpot checks", () => {
  let sandbox: Sandbox;
  const key = new TextEncoder().encode(API_SIGNATURE);
  const claims = () => ({
    amount: 25,
    cp: "99",
    age: 99,
    userId: "u-1",
    notificationKey: crypto.randomUUID(),
  });
  const sign = (payload: Record<string, unknown>, alg = "HS256", k: Uint8Array = key) =>
    new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT" }).sign(k);
  const exchange = (body: unknown, type = "application/json") =>
    fetch(`${sandbox.url}/jackpot/v2/token`, {
      method: "POST",
      headers: { "content-type": type },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const grant = (assertion: string, clientId = API_KEY) => ({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    client_id: clientId,
    assertion,
  });
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sandbox = await startSandbox({
      providers: { jackpot: { apiKey: API_KEY, apiSignature: API_SIGNATURE } },
    });
  });
  afterAll(() => sandbox.close());

  it("issues a one-hour bearer session for a good assertion, once", async () => {
    const assertion = await sign({ ...claims(), iat: now() });
    const res = await exchange(grant(assertion));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^jps_/),
      token_type: "Bearer",
      expires_in: 3600,
    });
    const again = await exchange(grant(assertion));
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe("invalid_grant");
  });

  it.each([
    [
      "another key",
      async () =>
        sign({ ...claims(), iat: now() }, "HS256", new TextEncoder().encode(`${API_SIGNATURE}!`)),
    ],
    ["HS512", async () => sign({ ...claims(), iat: now() }, "HS512")],
    [
      "alg none",
      async () => {
        const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
        return `${enc({ alg: "none", typ: "JWT" })}.${enc({ ...claims(), iat: now() })}.`;
      },
    ],
    ["an iat 6 minutes old", async () => sign({ ...claims(), iat: now() - 360 })],
    ["an iat 5 minutes ahead", async () => sign({ ...claims(), iat: now() + 300 })],
    ["no iat", async () => sign(claims())],
    [
      "no notificationKey",
      async () => sign({ ...claims(), notificationKey: undefined, iat: now() }),
    ],
    ["an amount with three decimals", async () => sign({ ...claims(), amount: 1.005, iat: now() })],
  ])("refuses an assertion with %s: 400 invalid_grant", async (_name, make) => {
    const res = await exchange(grant(await make()));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("invalid_grant");
  });

  it("refuses a wrong client_id, a wrong grant_type, a missing assertion and a body that is not JSON", async () => {
    const assertion = await sign({ ...claims(), iat: now() });
    const wrongClient = await exchange(grant(assertion, "someone-else"));
    expect(wrongClient.status).toBe(401);
    expect((await wrongClient.json()).error).toBe("invalid_client");
    const wrongGrant = await exchange({ ...grant(assertion), grant_type: "client_credentials" });
    expect((await wrongGrant.json()).error).toBe("unsupported_grant_type");
    const missing = await exchange({ grant_type: grant("").grant_type, client_id: API_KEY });
    expect((await missing.json()).error).toBe("invalid_request");
    const notJson = await exchange("grant_type=x&assertion=y", "application/x-www-form-urlencoded");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toBe("invalid_request");
    // The good assertion is still unspent: the refusals above did not consume it.
    expect((await exchange(grant(assertion))).status).toBe(200);
  });
});

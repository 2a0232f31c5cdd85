import { createSecretKey } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WidgetTokensOptionError, type WidgetTokensOptions, widgetTokens } from "../src/index.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "./helpers/http.js";

const SID = "IRsandbox0123456789";
const TENANT = "test_tenant_1";
const KEY = createSecretKey(Buffer.from(TEST_SECRET, "utf8"));
const impact = (extra: Record<string, unknown> = {}) => ({
  impact: { accountSid: SID, authToken: TEST_SECRET, tenantAlias: TENANT, ...extra },
});

interface TokenBody {
  token: string;
  jti: string;
  expiresAt: string;
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; field?: string; message: string } };
  return { status: res.status, ...body.error };
}

const segment = (token: string, i: number) =>
  JSON.parse(Buffer.from(token.split(".")[i]!, "base64url").toString("utf8"));

describe.each([5, 4] as const)("impact user-token on Express %i", (expressVersion) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ providers: impact() }, { expressVersion });
  });
  afterAll(() => app.close());

  it("mints an HS256 JWT with the kid header and exactly {user, jti, exp}, recorded in the ledger under its jti", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await app.post("/impact/user-token", {});
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as TokenBody;
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "jti", "token"]);

    expect(segment(body.token, 0)).toEqual({ alg: "HS256", typ: "JWT", kid: SID });
    const { payload, protectedHeader } = await jwtVerify(body.token, KEY, {
      algorithms: ["HS256"],
      typ: "JWT",
    });
    expect(protectedHeader.kid).toBe(SID);
    expect(Object.keys(payload).sort()).toEqual(["exp", "jti", "user"]);
    expect(payload.jti).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(payload.jti).toBe(body.jti);
    expect(payload.user).toEqual({
      id: "user-1",
      accountId: "user-1",
      firstName: "Test",
      lastName: "User",
      email: "user-1@example.com",
      locale: "en_US",
    });
    expect(payload.exp).toBeGreaterThanOrEqual(before + 3600);
    expect(payload.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
    expect(new Date(body.expiresAt).getTime()).toBe((payload.exp as number) * 1000);
    // A referral widget pre-approves no money: an entry for nothing, until impact.com's notification.
    expect(await app.tokens.ledger.lookup(body.jti)).toMatchObject({
      key: body.jti,
      provider: "impact",
      userId: "user-1",
      amount: 0,
      currency: "XXX",
      transactionType: "REFERRAL_WIDGET",
      expiresAt: body.expiresAt,
      status: "approved",
    });
  });

  it("is rejected by a verifier with another key or another algorithm", async () => {
    const { token } = (await (await app.post("/impact/user-token", {})).json()) as TokenBody;
    const otherKey = createSecretKey(Buffer.from(`${TEST_SECRET}x`, "utf8"));
    await expect(jwtVerify(token, otherKey, { algorithms: ["HS256"] })).rejects.toThrow(
      /signature/,
    );
    await expect(jwtVerify(token, KEY, { algorithms: ["HS512"] })).rejects.toThrow(/Algorithm/);
    await expect(jwtVerify(token, KEY, { algorithms: ["HS256"] })).resolves.toBeDefined();
  });

  it("takes the locale from the body when it looks like en_US", async () => {
    for (const locale of ["fr_CA", "es_419"]) {
      const res = await app.post("/impact/user-token", { locale });
      expect(res.status).toBe(201);
      const { token } = (await res.json()) as TokenBody;
      expect(segment(token, 1).user.locale).toBe(locale);
    }
  });

  it.each(["en-US", "EN_us", "en_US ", "", "english", "en_US<script>", 5, null, ["en_US"]])(
    "400 for locale %j, and mints nothing",
    async (locale) => {
      const res = await app.post("/impact/user-token", { locale });
      expect(await errorOf(res)).toMatchObject({
        status: 400,
        code: "INVALID_REQUEST",
        field: "locale",
      });
    },
  );

  it.each([
    ["user", { user: { id: "victim", accountId: "victim" } }],
    ["id", { id: "victim" }],
    ["accountId", { accountId: "victim" }],
    ["email", { locale: "en_US", email: "victim@example.com" }],
    ["exp", { exp: 9_999_999_999 }],
  ])("400 for a body that tries to carry %s", async (field, body) => {
    const res = await app.post("/impact/user-token", body);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "INVALID_REQUEST", field });
  });

  it("401 without a signed-in user", async () => {
    const res = await app.post("/impact/user-token", {}, { "x-test-user": "" });
    expect(await errorOf(res)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("400 for malformed JSON or a non-object body, 415 for another content type, 413 when too big, 405 for GET", async () => {
    expect(await errorOf(await app.post("/impact/user-token", "{"))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
    expect(await errorOf(await app.post("/impact/user-token", "[1]"))).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
    });
    const text = await fetch(`${app.base}/impact/user-token`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-test-user": "user-1" },
      body: "locale=en_US",
    });
    expect(await errorOf(text)).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    const big = await app.post("/impact/user-token", { locale: "x".repeat(20_000) });
    expect(await errorOf(big)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    const get = await fetch(`${app.base}/impact/user-token`, { headers: { "x-test-user": "u" } });
    expect(await errorOf(get)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    // Still serving.
    expect((await app.post("/impact/user-token", {})).status).toBe(201);
  });

  it("403 for a foreign origin", async () => {
    const res = await app.post("/impact/user-token", {}, { origin: "https://evil.example" });
    expect(await errorOf(res)).toMatchObject({ status: 403, code: "ORIGIN_NOT_ALLOWED" });
  });

  it("never logs the auth token or a minted token", async () => {
    await app.post("/impact/user-token", {});
    const text = app.log.join("\n");
    expect(text).not.toContain(TEST_SECRET);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});

describe("impact user-token: profile, hooks, lifetime", () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });
  const start = async (
    providers: Record<string, unknown>,
    extra: Partial<WidgetTokensOptions> = {},
  ) => {
    const a = await startTestApp({ providers, ...extra });
    apps.push(a);
    return a;
  };

  it("keeps non-ASCII names intact (UTF-8 JSON, base64url)", async () => {
    const a = await start(impact(), {
      identify: () => ({
        id: "cust_ü_1",
        firstName: "Zoë",
        lastName: "Ångström 李",
        email: "zoë@example.com",
      }),
    });
    const { token } = (await (await a.post("/impact/user-token", {})).json()) as TokenBody;
    const raw = Buffer.from(token.split(".")[1]!, "base64url");
    expect(raw.toString("utf8")).toContain('"firstName":"Zoë"');
    expect(raw.includes(Buffer.from("Ångström 李", "utf8"))).toBe(true);
    const { payload } = await jwtVerify(token, KEY, { algorithms: ["HS256"] });
    expect(payload.user).toEqual({
      id: "cust_ü_1",
      accountId: "cust_ü_1",
      firstName: "Zoë",
      lastName: "Ångström 李",
      email: "zoë@example.com",
    });
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("leaves out empty profile fields and a locale impact.com would not accept; maps en-US", async () => {
    const a = await start(impact(), {
      identify: (req) =>
        req.headers["x-test-user"] === "dash"
          ? { id: "u-dash", locale: "en-US" }
          : { id: "u-2", firstName: "", email: undefined, locale: "english" },
    });
    const t1 = (await (await a.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(t1.token, 1).user).toEqual({ id: "u-2", accountId: "u-2" });
    const t2 = (await (
      await a.post("/impact/user-token", {}, { "x-test-user": "dash" })
    ).json()) as TokenBody;
    expect(segment(t2.token, 1).user).toEqual({
      id: "u-dash",
      accountId: "u-dash",
      locale: "en_US",
    });
  });

  it("maps accountId with the hook (sync or async); the body cannot", async () => {
    const a = await start(impact({ accountId: async (u: { id: string }) => `acct-${u.id}` }));
    const { token } = (await (await a.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(token, 1).user).toMatchObject({ id: "user-1", accountId: "acct-user-1" });
    const b = await start(impact({ accountId: () => "shared-account" }));
    const t2 = (await (await b.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(t2.token, 1).user).toMatchObject({ id: "user-1", accountId: "shared-account" });
  });

  it.each([
    ["an empty string", () => ""],
    ["a number", () => 42],
    ["a throw", () => Promise.reject(new Error("db down"))],
  ])("500 when the accountId hook gives %s, and no token", async (_name, hook) => {
    const a = await start(impact({ accountId: hook }));
    const res = await a.post("/impact/user-token", {});
    expect(res.status).toBe(500);
    const body = (await res.json()) as { token?: string; error: { code: string } };
    expect(body.error.code).toBe("INTERNAL_ERROR");
    expect(body.token).toBeUndefined();
  });

  it("expiresIn sets exp from the clock (default 1h)", async () => {
    const clock = 1_800_000_000_000;
    const a = await start(impact({ expiresIn: "15m" }), { now: () => clock });
    const body = (await (await a.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(body.token, 1).exp).toBe(clock / 1000 + 900);
    expect(body.expiresAt).toBe(new Date(clock + 900_000).toISOString());
    const b = await start(impact({ expiresIn: 30 }), { now: () => clock });
    const b1 = (await (await b.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(b1.token, 1).exp).toBe(clock / 1000 + 30);
    const c = await start(impact(), { now: () => clock });
    const c1 = (await (await c.post("/impact/user-token", {})).json()) as TokenBody;
    expect(segment(c1.token, 1).exp).toBe(clock / 1000 + 3600);
  });

  it("an expired token fails verification", async () => {
    const a = await start(impact({ expiresIn: 60 }), { now: () => Date.now() - 120_000 });
    const { token } = (await (await a.post("/impact/user-token", {})).json()) as TokenBody;
    await expect(jwtVerify(token, KEY, { algorithms: ["HS256"] })).rejects.toMatchObject({
      code: "ERR_JWT_EXPIRED",
    });
    expect(decodeProtectedHeader(token).kid).toBe(SID);
  });
});

describe("impact options are validated at start-up", () => {
  const build = (config: Record<string, unknown>, log: string[] = []) =>
    widgetTokens({
      identify: () => null,
      providers: { impact: config as never },
      logger: captureLogger(log),
    });
  const base = { accountSid: SID, authToken: TEST_SECRET, tenantAlias: TENANT };

  it.each([
    ["accountSid", { ...base, accountSid: undefined }],
    ["authToken", { ...base, authToken: undefined }],
    ["tenantAlias", { ...base, tenantAlias: "" }],
    ["expiresIn", { ...base, expiresIn: "2d" }],
    ["expiresIn", { ...base, expiresIn: -5 }],
    ["accountId", { ...base, accountId: "acct-1" }],
  ])("names providers.impact.%s", (option, config) => {
    let error: unknown;
    try {
      build(config);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WidgetTokensOptionError);
    expect((error as WidgetTokensOptionError).option).toBe(`providers.impact.${option}`);
    expect((error as Error).message).not.toContain(TEST_SECRET);
  });

  it("warns about a short auth token without printing it", async () => {
    const log: string[] = [];
    const mw = build({ ...base, authToken: "short-token" }, log);
    expect(log.join("\n")).toMatch(/providers\.impact\.authToken.*shorter than 32 bytes/);
    expect(log.join("\n")).not.toContain("short-token");
    await mw.close();
  });
});

import { createHash, createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

const SID = "IRsandbox0123456789";
const TENANT = "test_tenant_1";
const WIDGET = "p/referral-program/w/referrerWidget";
const ORIGIN = "http://shop.example:8080";
const require = createRequire(import.meta.url);

interface User {
  id: string;
  accountId: string;
  [k: string]: string;
}

describe("impact.com sandbox", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let nonAscii: TestApp;
  let api: string;

  beforeAll(async () => {
    sandbox = await startSandbox({
      providers: { impact: { accountSid: SID, authToken: TEST_SECRET, tenantAlias: TENANT } },
    });
    api = `${sandbox.url}/impact/api/v1/${TENANT}`;
    const providers = { impact: { accountSid: SID, authToken: TEST_SECRET, tenantAlias: TENANT } };
    app = await startTestApp({ providers });
    nonAscii = await startTestApp({
      providers,
      identify: () => ({ id: "zoë-1", firstName: "Zoë", lastName: "Ångström 李", locale: "sv_SE" }),
    });
  });
  afterAll(async () => {
    await app.close();
    await nonAscii.close();
    await sandbox.close();
  });

  /** A token from the real endpoint. */
  async function mint(from: TestApp = app): Promise<{ token: string; user: User }> {
    const res = await from.post("/impact/user-token", {});
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const user = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).user as User;
    return { token, user };
  }

  /** The PUT squatch-js sends for an `<impact-embed>`. */
  function upsert(
    token: string | undefined,
    user: Record<string, unknown>,
    o: { path?: { accountId: string; id: string }; query?: string; body?: string } = {},
  ) {
    const p = o.path ?? (user as { accountId: string; id: string });
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-SaaSquatch-Referrer": `${ORIGIN}/account`,
      Origin: ORIGIN,
    };
    if (token !== undefined) headers["X-SaaSquatch-User-Token"] = token;
    return fetch(
      `${api}/widget/account/${encodeURIComponent(p.accountId)}/user/${encodeURIComponent(p.id)}/upsert${
        o.query ?? `?engagementMedium=EMBED&widgetType=${encodeURIComponent(WIDGET)}`
      }`,
      { method: "PUT", headers, body: o.body ?? JSON.stringify(user) },
    );
  }

  async function apiError(res: Response) {
    const body = (await res.json()) as {
      message: string;
      statusCode: number;
      apiErrorCode: string;
    };
    expect(body.statusCode).toBe(res.status);
    expect(typeof body.message).toBe("string");
    return { status: res.status, code: body.apiErrorCode };
  }

  /** Sign like the endpoint would, but with what a test chooses. */
  function sign(
    payload: Record<string, unknown>,
    o: { key?: string; alg?: string; kid?: string | null; typ?: string } = {},
  ) {
    const header: Record<string, unknown> = { alg: o.alg ?? "HS256", typ: o.typ ?? "JWT" };
    if (o.kid !== null) header.kid = o.kid ?? SID;
    return new SignJWT(payload)
      .setProtectedHeader(header as { alg: string })
      .sign(createSecretKey(Buffer.from(o.key ?? TEST_SECRET, "utf8")));
  }
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  it("serves the real squatch-js UMD build from npm, byte for byte, at the pinned version", async () => {
    const res = await fetch(`${sandbox.url}/impact/squatch.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    const served = Buffer.from(await res.arrayBuffer());
    const file = readFileSync(require.resolve("@saasquatch/squatch-js/dist/squatch.min.js"));
    expect(createHash("sha256").update(served).digest("hex")).toBe(
      createHash("sha256").update(file).digest("hex"),
    );
    expect(served.toString("utf8")).toContain('customElements.define("impact-embed"');
    // The sandbox package depends on it (it serves it), pinned to an exact version.
    const sandboxPackage = JSON.parse(
      readFileSync(new URL("../../sandbox/package.json", import.meta.url), "utf8"),
    );
    const pinned = sandboxPackage.dependencies["@saasquatch/squatch-js"];
    expect(pinned).toBe("2.6.3");
    expect(res.headers.get("x-squatch-js-version")).toBe(pinned);
    const again = await fetch(`${sandbox.url}/impact/squatch.js`, {
      headers: { "if-none-match": res.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
  });

  it("answers the preflight for a credentialed PUT with the exact origin", async () => {
    const res = await fetch(`${api}/widget/account/a/user/u/upsert`, {
      method: "OPTIONS",
      headers: {
        Origin: ORIGIN,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers":
          "accept,content-type,x-saasquatch-user-token,x-saasquatch-referrer",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-saasquatch-user-token");
    expect(res.headers.get("vary")).toMatch(/Origin/);
    const bad = await fetch(`${api}/graphql`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Headers": "x-evil" },
    });
    expect(bad.status).toBe(403);
  });

  it("upserts with a token from the endpoint and returns a template showing the verified user", async () => {
    const { token, user } = await mint();
    const res = await upsert(token, user);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    const body = (await res.json()) as { template: string; id: string; accountId: string };
    expect(body).toMatchObject({ id: "user-1", accountId: "user-1" });
    expect(body.template).toContain('<strong id="impact-user-name">Test User</strong>');
    expect(body.template).toContain('<span id="impact-user-id">user-1</span>');
    expect(body.template).toContain('data-widget-type="p/referral-program/w/referrerWidget"');
  });

  it("notifies the merchant once per user JWT, on the first widget rendered with it; never for a token without jti", async () => {
    const res = await app.post("/impact/user-token", {}, { "x-test-user": "notified-1" });
    const { token, jti } = (await res.json()) as { token: string; jti: string };
    const user = { id: "notified-1", accountId: "notified-1" };
    const claimsUser = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).user;
    expect((await upsert(token, claimsUser)).status).toBe(200);
    // Rendered again with the same token (a re-mount reuses it): nothing more.
    expect((await upsert(token, claimsUser)).status).toBe(200);
    const sent = sandbox.notifications.list({ provider: "impact", user: user.id });
    // A user seen for the first time: SaaSquatch's user.created, then the verification.
    // No notification URL is set here, so they are listed, not sent.
    expect(sent.map((d) => [d.key, d.event, d.state])).toEqual([
      [jti, "user.created", "no-url"],
      [jti, "user.widget.verified", "no-url"],
    ]);
    // A second token for the same user: only its verification.
    const again = (await (
      await app.post("/impact/user-token", {}, { "x-test-user": "notified-1" })
    ).json()) as { token: string; jti: string };
    expect((await upsert(again.token, claimsUser)).status).toBe(200);
    expect(
      sandbox.notifications.list({ provider: "impact", key: again.jti }).map((d) => d.event),
    ).toEqual(["user.widget.verified"]);
    // A token another issuer signed, without a jti, verifies but names nothing to settle.
    const bare = { id: "bare-1", accountId: "bare-1" };
    const unkeyed = await sign({ user: bare, exp: inAnHour() });
    expect((await upsert(unkeyed, bare)).status).toBe(200);
    expect(sandbox.notifications.list({ provider: "impact", user: "bare-1" })).toEqual([]);
  });

  it("keeps a non-ASCII name intact end to end", async () => {
    const { token, user } = await mint(nonAscii);
    expect(user).toMatchObject({ firstName: "Zoë", lastName: "Ångström 李", locale: "sv_SE" });
    const res = await upsert(token, user);
    expect(res.status).toBe(200);
    const { template } = (await res.json()) as { template: string };
    expect(template).toContain('<strong id="impact-user-name">Zoë Ångström 李</strong>');
    expect(template).toContain('lang="sv-SE"');
  });

  it("ignores the referral cookie squatch-js adds to the body", async () => {
    const { token, user } = await mint();
    const res = await upsert(token, user, { body: JSON.stringify({ ...user, cookies: "e30" }) });
    expect(res.status).toBe(200);
  });

  it("401 for a token signed with any other key", async () => {
    const { user } = await mint();
    for (const key of [
      `${TEST_SECRET}x`,
      "another-secret-0123456789abcdef-0123456789",
      TEST_SECRET.slice(1),
    ]) {
      const forged = await sign({ user, exp: inAnHour() }, { key });
      expect(await apiError(await upsert(forged, user))).toEqual({
        status: 401,
        code: "TOKEN_INVALID",
      });
    }
    // The same payload signed with the right key passes: the key is what failed.
    expect((await upsert(await sign({ user, exp: inAnHour() }), user)).status).toBe(200);
  });

  it("401 for another algorithm, alg none, a tampered payload", async () => {
    const { token, user } = await mint();
    const hs512 = await sign({ user, exp: inAnHour() }, { alg: "HS512" });
    expect(await apiError(await upsert(hs512, user))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT", kid: SID })).toString("base64url")}.${token.split(".")[1]}.`;
    expect(await apiError(await upsert(none, user))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
    const other = { ...user, id: "victim", accountId: "victim" };
    const [h, , s] = token.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ user: other, exp: inAnHour() })).toString("base64url")}.${s}`;
    expect(await apiError(await upsert(tampered, other))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
    expect(await apiError(await upsert("not-a-jwt", user))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
  });

  it("401 for a wrong or missing kid, or a wrong typ", async () => {
    const { user } = await mint();
    const wrongKid = await sign({ user, exp: inAnHour() }, { kid: "IRsomeoneelse" });
    expect(await apiError(await upsert(wrongKid, user))).toEqual({
      status: 401,
      code: "TOKEN_KID_MISMATCH",
    });
    const noKid = await sign({ user, exp: inAnHour() }, { kid: null });
    expect(await apiError(await upsert(noKid, user))).toEqual({
      status: 401,
      code: "TOKEN_KID_MISMATCH",
    });
    const typ = await sign({ user, exp: inAnHour() }, { typ: "at+jwt" });
    expect(await apiError(await upsert(typ, user))).toEqual({ status: 401, code: "TOKEN_INVALID" });
  });

  it("401 for an expired token or one without exp", async () => {
    const { user } = await mint();
    const expired = await sign({ user, exp: Math.floor(Date.now() / 1000) - 5 });
    expect(await apiError(await upsert(expired, user))).toEqual({
      status: 401,
      code: "TOKEN_EXPIRED",
    });
    const noExp = await sign({ user });
    expect(await apiError(await upsert(noExp, user))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
  });

  it("401 without a token, or with a token whose user is not the body's or the path's", async () => {
    const { token, user } = await mint();
    expect(await apiError(await upsert(undefined, user))).toEqual({
      status: 401,
      code: "TOKEN_MISSING",
    });
    const renamed = { ...user, firstName: "Mallory" };
    expect(await apiError(await upsert(token, renamed))).toEqual({
      status: 401,
      code: "TOKEN_USER_MISMATCH",
    });
    const { email: _e, ...fewer } = user;
    expect(await apiError(await upsert(token, fewer))).toEqual({
      status: 401,
      code: "TOKEN_USER_MISMATCH",
    });
    expect(
      await apiError(await upsert(token, user, { path: { accountId: "user-1", id: "victim" } })),
    ).toEqual({ status: 401, code: "TOKEN_USER_MISMATCH" });
    const noUser = await sign({ exp: inAnHour() });
    expect(await apiError(await upsert(noUser, user))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
  });

  it("400 for malformed input, 404 for another tenant, and keeps serving", async () => {
    const { token, user } = await mint();
    expect(await apiError(await upsert(token, user, { body: "{" }))).toEqual({
      status: 400,
      code: "JSON_INVALID",
    });
    expect(
      await apiError(
        await upsert(token, user, { query: "?engagementMedium=EMBED&widgetType=../../x" }),
      ),
    ).toEqual({
      status: 400,
      code: "WIDGET_TYPE_INVALID",
    });
    expect(
      await apiError(
        await upsert(token, user, { query: `?engagementMedium=SIDEWAYS&widgetType=${WIDGET}` }),
      ),
    ).toEqual({ status: 400, code: "ENGAGEMENT_MEDIUM_INVALID" });
    expect(
      await apiError(
        await upsert(token, user, { body: JSON.stringify({ pad: "x".repeat(20_000) }) }),
      ),
    ).toEqual({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
    });
    const other = await fetch(`${sandbox.url}/impact/api/v1/other_tenant/graphql`, {
      method: "POST",
      body: "{}",
    });
    expect(await apiError(other)).toEqual({ status: 404, code: "TENANT_NOT_FOUND" });
    expect((await upsert(token, user)).status).toBe(200);
  });

  it("graphql renderWidget: Bearer token verified the same way, anonymous without one", async () => {
    const { token, user } = await mint(nonAscii);
    const query =
      "query renderWidget ($user: UserIdInput, $widgetType: WidgetType) { renderWidget(user: $user, widgetType: $widgetType) { template } }";
    const gql = (auth: string | undefined, variables: Record<string, unknown>) =>
      fetch(`${api}/graphql`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: ORIGIN,
          ...(auth ? { Authorization: auth } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    const ok = await gql(`Bearer ${token}`, {
      user: { id: user.id, accountId: user.accountId },
      widgetType: WIDGET,
      engagementMedium: "EMBED",
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const data = (await ok.json()) as {
      data: { renderWidget: { template: string; user: unknown } };
    };
    expect(data.data.renderWidget.user).toEqual({ id: "zoë-1", accountId: "zoë-1" });
    expect(data.data.renderWidget.template).toContain("Zoë Ångström 李");

    const forged = await sign({ user, exp: inAnHour() }, { key: `${TEST_SECRET}!` });
    expect(await apiError(await gql(`Bearer ${forged}`, { widgetType: WIDGET }))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
    expect(await apiError(await gql(`Basic ${token}`, { widgetType: WIDGET }))).toEqual({
      status: 401,
      code: "TOKEN_INVALID",
    });
    expect(
      await apiError(
        await gql(`Bearer ${token}`, {
          user: { id: "victim", accountId: "victim" },
          widgetType: WIDGET,
        }),
      ),
    ).toEqual({ status: 401, code: "TOKEN_USER_MISMATCH" });

    const anon = await gql(undefined, { widgetType: WIDGET });
    expect(anon.status).toBe(200);
    const anonData = (await anon.json()) as {
      data: { renderWidget: { template: string; user: unknown } };
    };
    expect(anonData.data.renderWidget.user).toBeNull();
    expect(anonData.data.renderWidget.template).toContain('id="impact-anonymous"');
    expect(anonData.data.renderWidget.template).not.toContain("impact-user-name");

    const unsupported = await fetch(`${api}/graphql`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: "{ tenant { apiKey } }" }),
    });
    expect(await apiError(unsupported)).toEqual({ status: 400, code: "GRAPHQL_UNSUPPORTED" });
  });

  it("escapes what it renders", async () => {
    const evil = await startTestApp({
      providers: { impact: { accountSid: SID, authToken: TEST_SECRET, tenantAlias: TENANT } },
      identify: () => ({ id: "x1", firstName: '<img src=x onerror="alert(1)">', lastName: "&" }),
    });
    try {
      const { token, user } = await mint(evil);
      const { template } = (await (await upsert(token, user)).json()) as { template: string };
      expect(template).not.toContain("<img src=x");
      expect(template).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp;");
    } finally {
      await evil.close();
    }
  });
});

describe("impact.com sandbox with allowedOrigins", () => {
  it("answers CORS only for a listed origin", async () => {
    const sandbox = await startSandbox({
      providers: {
        impact: {
          accountSid: SID,
          authToken: TEST_SECRET,
          tenantAlias: TENANT,
          allowedOrigins: [ORIGIN],
        },
      },
    });
    try {
      const pre = (origin: string) =>
        fetch(`${sandbox.url}/impact/api/v1/${TENANT}/graphql`, {
          method: "OPTIONS",
          headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
        });
      const ok = await pre(ORIGIN);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      const refused = await pre("https://evil.example");
      expect(refused.status).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await sandbox.close();
    }
  });
});

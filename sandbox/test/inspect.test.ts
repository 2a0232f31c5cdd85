import { randomUUID } from "node:crypto";
import { type ReceivedToken, type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { merchantLogin, send } from "./helpers/http.js";
import { fluzToken, gr4vyToken, grant, impactToken, jackpotAssertion } from "./helpers/tokens.js";

const now = () => Math.floor(Date.now() / 1000);

describe("inspection", () => {
  let sandbox: Sandbox;
  let fluz: NonNullable<Sandbox["credentials"]["fluz"]>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    fluz = sandbox.credentials.fluz!;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.inspect.clear());

  const verifyFluz = (token: string, headers: Record<string, string> = {}) =>
    send(`${sandbox.url}/fluz/api/verify`, { token }, { headers });

  /** Send, then read the token the stand-in recorded for that request. */
  async function received(sendIt: () => Promise<unknown>): Promise<ReceivedToken> {
    const since = sandbox.inspect.cursor();
    await sendIt();
    return sandbox.inspect.waitFor({ since, timeoutMs: 2000 });
  }

  describe("records each verdict with its reason", () => {
    it("valid: header, claims, user, amount, expiry", async () => {
      const token = await fluzToken(fluz);
      const t = await received(() => verifyFluz(token));
      expect(t).toMatchObject({
        provider: "fluz",
        kind: "patToken",
        route: "POST /fluz/api/verify",
        verdict: "valid",
        header: { alg: "HS256", typ: "JWT" },
        claims: { externalId: "user-42", amount: 50, transactionType: "WITHDRAW" },
        user: "user-42",
        amount: 50,
        currency: "USD",
        scope: null,
        faults: [],
        token,
      });
      expect(Date.parse(t.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    });

    it("replayed: a patToken used twice", async () => {
      const token = await fluzToken(fluz);
      await verifyFluz(token);
      const t = await received(() => verifyFluz(token));
      expect(t.verdict).toBe("replayed");
      expect(t.reason).toMatch(/already used/);
    });

    it("expired, with how long ago", async () => {
      const token = await fluzToken(fluz, { iat: now() - 7200, exp: now() - 3 * 3600 });
      const t = await received(() => verifyFluz(token));
      expect(t.verdict).toBe("expired");
      expect(t.reason).toMatch(/^expired 3 h ago \(exp \d{4}-/);
    });

    it("not-yet-valid: nbf in the future", async () => {
      const t = await received(async () => verifyFluz(await fluzToken(fluz, { nbf: now() + 600 })));
      expect(t.verdict).toBe("not-yet-valid");
      expect(t.reason).toMatch(/not valid before .* \(in 9 min\)/);
    });

    it("not-yet-valid: a patToken issued an hour from now, as Jackpot refuses an assertion", async () => {
      const token = await fluzToken(fluz, { iat: now() + 3600, exp: now() + 7200 });
      const t = await received(() => verifyFluz(token));
      expect(t.verdict).toBe("not-yet-valid");
      expect(t.reason).toMatch(/^issued in the future \(iat \d{4}-\d\d-\d\dT/);
      const res = await verifyFluz(await fluzToken(fluz, { iat: now() + 3600, exp: now() + 7200 }));
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({
        error: { code: "INVALID_TOKEN", message: "patToken is issued in the future" },
      });
    });

    it("bad-signature: another secret", async () => {
      const t = await received(async () =>
        verifyFluz(await fluzToken(fluz, {}, { secret: "x".repeat(43) })),
      );
      expect(t.verdict).toBe("bad-signature");
      expect(t.reason).toBe("the HS256 signature does not verify with the account's apiSecret");
      expect(t.claims?.externalId).toBe("user-42");
    });

    it("wrong-algorithm: HS512 where HS256 is pinned", async () => {
      const t = await received(async () => verifyFluz(await fluzToken(fluz, {}, { alg: "HS512" })));
      expect(t).toMatchObject({ verdict: "wrong-algorithm" });
      expect(t.reason).toMatch(/"HS512" is not allowed: the provider pins HS256/);
    });

    it("wrong-audience: another account's apiKey", async () => {
      const t = await received(async () =>
        verifyFluz(await fluzToken(fluz, { apiKey: "fluz_someone_else" })),
      );
      expect(t.verdict).toBe("wrong-audience");
    });

    it("invalid-claims: a claim missing", async () => {
      const t = await received(async () =>
        verifyFluz(await fluzToken(fluz, { transactionType: undefined })),
      );
      expect(t).toMatchObject({
        verdict: "invalid-claims",
        reason: "transactionType must be DEPOSIT or WITHDRAW",
      });
    });

    it("malformed: not a JWT", async () => {
      const t = await received(() => verifyFluz("not-a-token"));
      expect(t).toMatchObject({ verdict: "malformed", header: null, claims: null, user: null });
    });

    it("wrong-key: an impact.com token whose kid is another account's", async () => {
      const { impact } = sandbox.credentials;
      const token = await impactToken(impact!, {}, { kid: "IRsomeoneelse" });
      const t = await received(() =>
        send(
          `${sandbox.url}/impact/api/v1/${impact!.tenantAlias}/widget/account/user-42/user/user-42/upsert?widgetType=w/referrerWidget`,
          { id: "user-42", accountId: "user-42" },
          { method: "PUT", headers: { "x-saasquatch-user-token": token } },
        ),
      );
      expect(t).toMatchObject({ provider: "impact", kind: "user-jwt", verdict: "wrong-key" });
    });

    it("mismatch: a Gr4vy page asking for another amount than the token pins", async () => {
      const token = await gr4vyToken(sandbox.credentials.gr4vy!);
      const t = await received(() =>
        send(`${sandbox.url}/gr4vy/api/embed-session`, {
          token,
          options: { amount: 999, currency: "USD" },
        }),
      );
      expect(t).toMatchObject({
        provider: "gr4vy",
        verdict: "mismatch",
        reason: "The amount does not match the embed token",
        amount: 12.99,
        currency: "USD",
        user: "user-42",
      });
    });

    it("wrong-key: a Gr4vy token with another kid", async () => {
      const token = await gr4vyToken(sandbox.credentials.gr4vy!, {}, { kid: "not-the-thumbprint" });
      const t = await received(() =>
        send(`${sandbox.url}/gr4vy/api/embed-session`, {
          token,
          options: { amount: 1299, currency: "USD" },
        }),
      );
      expect(t.verdict).toBe("wrong-key");
    });

    it("replayed and expired Jackpot assertions; wrong-audience for another client", async () => {
      const jackpot = sandbox.credentials.jackpot!;
      const url = `${sandbox.url}/jackpot/v2/token`;
      const assertion = await jackpotAssertion(jackpot);
      const first = await received(() => send(url, grant(jackpot, assertion)));
      expect(first).toMatchObject({ verdict: "valid", user: "user-42", amount: 25 });
      expect(Date.parse(first.expiresAt!) - Date.now()).toBeGreaterThan(290_000);
      expect((await received(() => send(url, grant(jackpot, assertion)))).verdict).toBe("replayed");
      const stale = await jackpotAssertion(jackpot, { iat: now() - 600 });
      const old = await received(() => send(url, grant(jackpot, stale)));
      expect(old.verdict).toBe("expired");
      expect(old.reason).toMatch(/issued 10 min ago; Jackpot accepts an assertion for 5 min/);
      const fresh = await jackpotAssertion(jackpot);
      const other = await received(() =>
        send(url, { ...grant(jackpot, fresh), client_id: "someone" }),
      );
      expect(other.verdict).toBe("wrong-audience");
    });

    it("merchant API: access tokens it issued, and a refresh token used as an access token", async () => {
      const login = await merchantLogin(sandbox);
      expect(login.status).toBe(200);
      const create = (bearer: string) =>
        send(
          `${sandbox.url}/merchant-api/v2/customer/create`,
          { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
          { headers: { authorization: `Bearer ${bearer}` } },
        );
      const ok = await received(() => create(login.json.accessToken));
      expect(ok).toMatchObject({
        provider: "merchantApi",
        kind: "access",
        verdict: "valid",
        user: "ada@example.com", // the customer the call is for; the login's is the merchant
      });
      const wrong = await received(() => create(login.json.refreshToken));
      expect(wrong).toMatchObject({ verdict: "wrong-audience" });
    });
  });

  describe("reading", () => {
    it("GET /__inspect lists them as JSON, filtered by provider, user and since", async () => {
      await verifyFluz(await fluzToken(fluz));
      const cursor = sandbox.inspect.cursor();
      await verifyFluz(await fluzToken(fluz, { externalId: "user-7" }));
      await send(`${sandbox.url}/gr4vy/api/embed-session`, { token: "x", options: {} });
      const all = await send(`${sandbox.url}/__inspect`);
      expect(all.headers.get("cache-control")).toBe("no-store");
      expect(all.json.cursor).toBe(sandbox.inspect.cursor());
      expect(all.json.tokens.map((t: ReceivedToken) => t.provider)).toEqual([
        "fluz",
        "fluz",
        "gr4vy",
      ]);
      const fluzOnly = await send(`${sandbox.url}/__inspect?provider=fluz&since=${cursor}`);
      expect(fluzOnly.json.tokens).toHaveLength(1);
      expect(fluzOnly.json.tokens[0].user).toBe("user-7");
      expect(sandbox.inspect.tokens({ provider: "fluz", user: "user-42" })).toHaveLength(1);
      const refused = await send(`${sandbox.url}/__inspect?provider=stripe`);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "INVALID_FILTER", field: "provider" });
    });

    it("the X-Sandbox-Scope of the request is recorded and filters", async () => {
      await verifyFluz(await fluzToken(fluz), { "x-sandbox-scope": "test-a" });
      await verifyFluz(await fluzToken(fluz), { "x-sandbox-scope": "test-b" });
      expect(sandbox.inspect.tokens({ scope: "test-b" })).toHaveLength(1);
      const json = await send(`${sandbox.url}/__inspect?scope=test-a`);
      expect(json.json.tokens).toHaveLength(1);
    });

    it("clear() forgets tokens but ids keep counting; DELETE /__inspect too", async () => {
      await verifyFluz("x");
      const last = sandbox.inspect.cursor();
      sandbox.inspect.clear();
      expect(sandbox.inspect.tokens()).toEqual([]);
      await verifyFluz("x");
      expect(sandbox.inspect.tokens()[0]!.id).toBe(last + 1);
      expect((await send(`${sandbox.url}/__inspect`, undefined, { method: "DELETE" })).status).toBe(
        204,
      );
      expect(sandbox.inspect.tokens()).toEqual([]);
    });
  });

  describe("waiting, without polling", () => {
    it("next() resolves when the next matching token arrives", async () => {
      const next = sandbox.inspect.next({ provider: "fluz", user: "user-9" });
      await verifyFluz(await fluzToken(fluz, { externalId: "user-1" }));
      await verifyFluz(await fluzToken(fluz, { externalId: "user-9" }));
      await expect(next).resolves.toMatchObject({ user: "user-9", verdict: "valid" });
    });

    it("waitFor({since}) also finds a token that arrived before the wait began", async () => {
      const since = sandbox.inspect.cursor();
      await verifyFluz(await fluzToken(fluz));
      await expect(sandbox.inspect.waitFor({ provider: "fluz", since })).resolves.toMatchObject({
        id: since + 1,
      });
    });

    it("rejects after timeoutMs with INSPECT_TIMEOUT, saying what did arrive", async () => {
      const wait = sandbox.inspect.next({ provider: "jackpot", timeoutMs: 300 });
      await verifyFluz("garbage");
      await expect(wait).rejects.toMatchObject({
        name: "SandboxError",
        code: "INSPECT_TIMEOUT",
        message: expect.stringMatching(
          /^No jackpot token arrived within 300 ms; 1 other token arrived: fluz patToken \(malformed\)$/,
        ),
      });
    });

    it("an AbortSignal cancels the wait", async () => {
      const controller = new AbortController();
      const wait = sandbox.inspect.next({ signal: controller.signal });
      controller.abort(new Error("test over"));
      await expect(wait).rejects.toThrow("test over");
    });

    it("subscribe() sees every token until unsubscribed", async () => {
      const seen: number[] = [];
      const stop = sandbox.inspect.subscribe((t) => seen.push(t.id));
      await verifyFluz("a");
      stop();
      await verifyFluz("b");
      expect(seen).toHaveLength(1);
    });

    it("GET /__inspect/next long-polls for the next token, 408 on timeout", async () => {
      const since = sandbox.inspect.cursor();
      const waiting = send(
        `${sandbox.url}/__inspect/next?provider=fluz&since=${since}&timeoutMs=5000`,
      );
      // `since` makes the order irrelevant: a token verified before the poll arrives is still "next".
      const token = await fluzToken(fluz, { externalId: "polled" });
      await verifyFluz(token);
      const got = await waiting;
      expect(got.status).toBe(200);
      expect(got.json.token).toMatchObject({ user: "polled", id: since + 1 });
      const late = await send(`${sandbox.url}/__inspect/next?provider=impact&timeoutMs=50`);
      expect(late.status).toBe(408);
      expect(late.json.error.code).toBe("INSPECT_TIMEOUT");
    });
  });

  describe("the page for people", () => {
    it("is a table with provider, user, amount, expiry and verdict, under a strict CSP", async () => {
      await verifyFluz(await fluzToken(fluz, { externalId: "ada" }));
      await verifyFluz(await fluzToken(fluz, { exp: now() - 7200 }));
      const page = await send(`${sandbox.url}/__inspect/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      const csp = page.headers.get("content-security-policy")!;
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).not.toMatch(/script-src/);
      expect(page.text).toMatch(/<caption id="tokens-caption">/);
      for (const col of ["Provider", "User", "Amount", "Expiry", "Verdict", "Reason"]) {
        expect(page.text).toContain(`<th scope="col">${col}</th>`);
      }
      expect(page.text).toContain("$50.00");
      expect(page.text).toMatch(/expires in (59|60) min/);
      expect(page.text).toMatch(/expired 2 h ago/);
      expect(page.text).not.toContain("<script");
      // Newest first.
      expect(page.text.indexOf("expired 2 h ago")).toBeLessThan(page.text.indexOf(">ada<"));
    });

    it("escapes everything a token carries", async () => {
      const evil = `<img src=x onerror=alert(1)>"'&`;
      await verifyFluz(await fluzToken(fluz, { externalId: evil, jti: randomUUID() }));
      const page = await send(`${sandbox.url}/__inspect/?provider=fluz`);
      expect(page.text).not.toContain("<img");
      expect(page.text).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
      expect(page.text).toMatch(/<option value="fluz" selected>/);
    });

    it("/__inspect (JSON) and /__inspect/ (HTML) are two routes", async () => {
      expect((await send(`${sandbox.url}/__inspect`)).headers.get("content-type")).toMatch(
        /^application\/json/,
      );
      expect((await send(`${sandbox.url}/__inspect/`)).headers.get("content-type")).toMatch(
        /^text\/html/,
      );
    });
  });
});

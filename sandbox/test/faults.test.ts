import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { merchantLogin, send } from "./helpers/http.js";
import { fluzToken, gr4vyToken, grant, impactToken, jackpotAssertion } from "./helpers/tokens.js";

describe("fault switches", () => {
  let sandbox: Sandbox;
  let fluz: NonNullable<Sandbox["credentials"]["fluz"]>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    fluz = sandbox.credentials.fluz!;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.faults.clear();
    sandbox.inspect.clear();
  });

  const verifyFluz = async (
    claims: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    send(`${sandbox.url}/fluz/api/verify`, { token: await fluzToken(fluz, claims) }, { headers });

  describe("each kind", () => {
    it("slow: answers ms later, and the record says so", async () => {
      sandbox.faults.set({ kind: "slow", provider: "fluz", ms: 400 });
      const started = Date.now();
      const res = await verifyFluz();
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(sandbox.inspect.tokens()[0]!.faults).toEqual(["slow"]);
    });

    it("500: the provider's own error body; the token is still judged and spent", async () => {
      sandbox.faults.set({ kind: "500", provider: "fluz" });
      const res = await verifyFluz();
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: { code: "INTERNAL_ERROR", message: "Fluz is unavailable, try again later" },
      });
      expect(sandbox.inspect.tokens()[0]).toMatchObject({ verdict: "valid", faults: ["500"] });
    });

    it("a refusal is answered as it is, fault or not", async () => {
      sandbox.faults.set({ kind: "500", provider: "fluz" });
      const res = await send(`${sandbox.url}/fluz/api/verify`, { token: "garbage" });
      expect(res.status).toBe(401);
      expect(sandbox.inspect.tokens()[0]!.faults).toEqual([]);
    });

    it.each([
      ["html", /^text\/html/, (text: string) => expect(text).toMatch(/Maintenance/)],
      [
        "truncated-json",
        /^application\/json/,
        (text: string) => expect(() => JSON.parse(text)).toThrow(),
      ],
      [
        "wrong-shape",
        /^application\/json/,
        (text: string) => expect(JSON.parse(text)).toEqual({ status: "ok" }),
      ],
    ] as const)("garbage %s: a 200 the client cannot use", async (shape, type, check) => {
      sandbox.faults.set({ kind: "garbage", provider: "fluz", shape });
      const res = await verifyFluz();
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(type);
      check(res.text);
    });

    it("reset: the connection is destroyed without an answer", async () => {
      sandbox.faults.set({ kind: "reset", provider: "fluz" });
      await expect(verifyFluz()).rejects.toThrow(/fetch failed/);
      expect(sandbox.inspect.tokens()[0]!.faults).toEqual(["reset"]);
    });

    it("decline, Fluz: the transfer is declined at confirm (verify still opens the modal)", async () => {
      sandbox.faults.set({ kind: "decline", provider: "fluz" });
      const opened = await verifyFluz();
      expect(opened.status).toBe(200);
      const confirm = await send(`${sandbox.url}/fluz/api/confirm`, {
        sessionId: opened.json.sessionId,
      });
      expect(confirm.status).toBe(402);
      expect(confirm.json.error.code).toBe("TRANSFER_DECLINED");
    });

    it("decline, Gr4vy: the card is declined, and read back declined", async () => {
      const gr4vy = sandbox.credentials.gr4vy!;
      const session = await send(`${sandbox.url}/gr4vy/api/embed-session`, {
        token: await gr4vyToken(gr4vy),
        options: { amount: 1299, currency: "USD", buyerExternalIdentifier: "user-42" },
      });
      expect(session.status).toBe(200);
      sandbox.faults.set({ kind: "decline", provider: "gr4vy", user: "user-42" });
      const tx = await send(`${sandbox.url}/gr4vy/api/transactions`, {
        sessionId: session.json.sessionId,
        card: { number: "4111111111111111", expiry: "12/40", cvv: "123" },
      });
      expect(tx.status).toBe(201);
      expect(tx.json.status).toBe("authorization_declined");
    });

    it("decline, Jackpot: the exchange is refused (and the assertion spent)", async () => {
      const jackpot = sandbox.credentials.jackpot!;
      sandbox.faults.set({ kind: "decline", provider: "jackpot" });
      const assertion = await jackpotAssertion(jackpot);
      const res = await send(`${sandbox.url}/jackpot/v2/token`, grant(jackpot, assertion));
      expect(res.status).toBe(400);
      expect(res.json.error).toBe("invalid_grant");
      sandbox.faults.clear();
      const again = await send(`${sandbox.url}/jackpot/v2/token`, grant(jackpot, assertion));
      expect(again.json.error).toBe("invalid_grant");
      expect(sandbox.inspect.tokens().map((t) => t.verdict)).toEqual(["valid", "replayed"]);
    });

    it("decline, impact.com: the user is refused", async () => {
      const impact = sandbox.credentials.impact!;
      sandbox.faults.set({ kind: "decline", provider: "impact" });
      const res = await send(
        `${sandbox.url}/impact/api/v1/${impact.tenantAlias}/widget/account/user-42/user/user-42/upsert?widgetType=w/referrerWidget`,
        { id: "user-42", accountId: "user-42" },
        { method: "PUT", headers: { "x-saasquatch-user-token": await impactToken(impact) } },
      );
      expect(res.status).toBe(403);
      expect(res.json.apiErrorCode).toBe("USER_BLOCKED");
    });

    it("decline, merchant API: the login is rejected", async () => {
      const m = sandbox.credentials.merchantApi!;
      sandbox.faults.set({ kind: "decline", provider: "merchantApi", user: m.email });
      const res = await send(
        `${sandbox.url}/merchant-api/v2/auth/login`,
        { token: m.email, password: m.password },
        { headers: { merchant_id: m.merchantId } },
      );
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("INVALID_CREDENTIALS");
    });
  });

  describe("scoping, so parallel tests do not leak into each other", () => {
    it("merchant API: one merchant session, each call's faults and records by its customer", async () => {
      const login = await merchantLogin(sandbox);
      expect(login.status).toBe(200);
      const create = (email: string) =>
        send(
          `${sandbox.url}/merchant-api/v2/customer/create`,
          { firstName: "Ada", lastName: "Lovelace", email },
          { headers: { authorization: `Bearer ${login.json.accessToken}` } },
        );
      sandbox.faults.set({ kind: "500", provider: "merchantApi", user: "qa_a@shop.example" });
      const [b, a] = await Promise.all([create("qa_b@shop.example"), create("QA_A@shop.example")]);
      expect(b.status).toBe(201); // another test's customer: untouched
      expect(a.status).toBe(500);
      const records = sandbox.inspect.tokens({ provider: "merchantApi", kind: "access" });
      expect(records.map((r) => [r.user, r.faults])).toEqual(
        expect.arrayContaining([
          ["qa_a@shop.example", ["500"]],
          ["qa_b@shop.example", []],
        ]),
      );
    });

    it("by X-Sandbox-Scope: only that scope's requests", async () => {
      sandbox.faults.set({ kind: "500", scope: "test-a" });
      expect((await verifyFluz({}, { "x-sandbox-scope": "test-a" })).status).toBe(500);
      expect((await verifyFluz({}, { "x-sandbox-scope": "test-b" })).status).toBe(200);
      expect((await verifyFluz()).status).toBe(200);
    });

    it("by user: only that user's requests, whoever sends them", async () => {
      sandbox.faults.set({ kind: "500", provider: "fluz", user: "user-1" });
      expect((await verifyFluz({ externalId: "user-1" })).status).toBe(500);
      expect((await verifyFluz({ externalId: "user-2" })).status).toBe(200);
    });

    it("a global default, overridden by a more specific switch", async () => {
      sandbox.faults.set({ kind: "500" });
      sandbox.faults.set({ kind: "garbage", provider: "fluz", scope: "test-c" });
      expect((await verifyFluz()).status).toBe(500);
      const scoped = await verifyFluz({}, { "x-sandbox-scope": "test-c" });
      expect(scoped.status).toBe(200);
      expect(scoped.text).toMatch(/Maintenance/);
    });

    it("times: only the next n matching requests", async () => {
      sandbox.faults.set({ kind: "500", provider: "fluz", times: 1 });
      expect((await verifyFluz()).status).toBe(500);
      expect((await verifyFluz()).status).toBe(200);
      expect(sandbox.faults.list()).toEqual([]);
    });

    it("clear(filter) switches off only what matches; remove(id) one", async () => {
      const a = sandbox.faults.set({ kind: "500", scope: "a" });
      sandbox.faults.set({ kind: "500", scope: "b" });
      sandbox.faults.set({ kind: "slow", ms: 10 });
      expect(sandbox.faults.clear({ scope: "b" })).toBe(1);
      expect(sandbox.faults.remove(a.id)).toBe(true);
      expect(sandbox.faults.remove(a.id)).toBe(false);
      expect(sandbox.faults.list().map((r) => r.kind)).toEqual(["slow"]);
      expect(sandbox.faults.clear()).toBe(1);
    });

    it("refuses a malformed switch with INVALID_FAULT naming the field", () => {
      expect(() => sandbox.faults.set({ kind: "boom" as "500" })).toThrow(
        expect.objectContaining({ code: "INVALID_FAULT", field: "kind" }),
      );
      expect(() => sandbox.faults.set({ kind: "500", ms: 5 })).toThrow(
        expect.objectContaining({ field: "ms" }),
      );
    });
  });

  describe("over HTTP", () => {
    const faults = (body?: unknown, method?: string, query = "") =>
      send(`${sandbox.url}/__faults${query}`, body, method ? { method } : {});

    it("POST sets one or many, GET lists, DELETE clears by filter or id", async () => {
      const one = await faults({ kind: "decline", provider: "gr4vy", scope: "t1" });
      expect(one.status).toBe(201);
      expect(one.json.faults[0]).toMatchObject({
        id: expect.any(String),
        kind: "decline",
        provider: "gr4vy",
        scope: "t1",
        user: null,
      });
      const many = await faults([
        { kind: "slow", ms: 50, scope: "t2" },
        { kind: "reset", provider: "merchant-api", scope: "t2" },
      ]);
      expect(many.json.faults.map((f: { provider: string }) => f.provider)).toEqual([
        null,
        "merchantApi",
      ]);
      expect((await faults()).json.faults).toHaveLength(3);
      expect((await faults(undefined, "DELETE", "?scope=t2")).json).toEqual({ cleared: 2 });
      const id = one.json.faults[0].id;
      expect(
        (await send(`${sandbox.url}/__faults/${id}`, undefined, { method: "DELETE" })).status,
      ).toBe(204);
      expect(
        (await send(`${sandbox.url}/__faults/${id}`, undefined, { method: "DELETE" })).status,
      ).toBe(404);
      expect(sandbox.faults.list()).toEqual([]);
    });

    it("a switch set over HTTP applies; DELETE without a query clears all", async () => {
      await faults({ kind: "500", provider: "fluz" });
      expect((await verifyFluz()).status).toBe(500);
      expect((await faults(undefined, "DELETE")).json).toEqual({ cleared: 1 });
      expect((await verifyFluz()).status).toBe(200);
    });

    it("refuses bad switches (all or none) and non-JSON bodies", async () => {
      const bad = await faults([{ kind: "500" }, { kind: "garbage", shape: "xml" }]);
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: "INVALID_FAULT", field: "shape" });
      expect(sandbox.faults.list()).toEqual([]);
      const form = await fetch(`${sandbox.url}/__faults`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "kind=500",
      });
      expect(form.status).toBe(415);
      const broken = await fetch(`${sandbox.url}/__faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{",
      });
      expect(broken.status).toBe(400);
      expect(sandbox.faults.list()).toEqual([]);
    });

    it("the inspection page lists the switches that are on", async () => {
      await faults({ kind: "slow", ms: 1500, provider: "jackpot", user: "u<1>", times: 2 });
      const page = await send(`${sandbox.url}/__inspect/`);
      expect(page.text).toContain("slow 1500 ms for Jackpot for user u&lt;1&gt; (2 more times)");
    });
  });
});

import { SANDBOX_PROVIDERS, type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { merchantLogin, send } from "./helpers/http.js";
import { providerCalls, scopeOf } from "./helpers/provider-calls.js";
import { fluzToken } from "./helpers/tokens.js";

/** Issue 23, item 3: a test makes its tokens expire, and one call resets what it changed. */
describe("expire and reset", () => {
  let sandbox: Sandbox;
  let merchantBearer = "";
  beforeAll(async () => {
    sandbox = await startSandbox();
    merchantBearer = (await merchantLogin(sandbox)).json.accessToken;
  });
  afterAll(() => sandbox.close());
  afterEach(() => {
    sandbox.reset();
  });

  /** The status an expired token gets, in each provider's own terms. */
  const expiredStatus = { fluz: 401, impact: 401, gr4vy: 401, jackpot: 400, merchantApi: 401 };

  it.each(SANDBOX_PROVIDERS)(
    "%s: an expire switch makes test 1's tokens expired, tests 2 and 3 alongside unchanged",
    async (id) => {
      const { by, call, ok, user } = providerCalls(sandbox, () => merchantBearer)[id];
      const since = sandbox.inspect.cursor();
      sandbox.faults.set({
        kind: "expire",
        provider: id,
        ...(by === "scope" ? { scope: "test-1" } : { user: user(1) }),
      });
      const ns = [1, 2, 1, 3];
      const statuses = await Promise.all(ns.map((n) => call(n)));
      expect(ns.map((n, i) => [n, statuses[i]])).toEqual(
        ns.map((n) => [n, n === 1 ? expiredStatus[id] : ok]),
      );
      const mine = sandbox.inspect
        .tokens({ provider: id, since })
        .filter((t) => (by === "scope" ? t.scope === "test-1" : t.user === user(1)));
      expect(mine.map((t) => [t.verdict, t.faults])).toEqual([
        ["expired", ["expire"]],
        ["expired", ["expire"]],
      ]);
      const others = sandbox.inspect
        .tokens({ provider: id, since })
        .filter((t) => !mine.includes(t) && t.kind !== "refresh");
      expect(others.map((t) => [t.verdict, t.faults])).toEqual([
        ["valid", []],
        ["valid", []],
      ]);
    },
  );

  it("expire with times: 1 judges the next token only; ms sets how far ahead the clock runs", async () => {
    const { call } = providerCalls(sandbox, () => merchantBearer).fluz;
    sandbox.faults.set({ kind: "expire", provider: "fluz", scope: "test-1", times: 1 });
    expect(await call(1)).toBe(401);
    expect(await call(1)).toBe(200);
    // One minute ahead: a token with an hour left is still good; one with 30 s left is not.
    sandbox.faults.set({ kind: "expire", provider: "fluz", scope: "test-1", ms: 60_000 });
    expect(await call(1)).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const short = await fluzToken(sandbox.credentials.fluz!, { externalId: "qa_1", exp: now + 30 });
    const answer = await send(
      `${sandbox.url}/fluz/api/verify`,
      { token: short },
      { headers: scopeOf(1) },
    );
    expect(answer.json).toEqual({
      error: { code: "TOKEN_EXPIRED", message: "patToken has expired" },
    });
  });

  it("refuses an expire lead that is not a positive integer of at most ten years", () => {
    expect(() => sandbox.faults.set({ kind: "expire", ms: 0 })).toThrow(/ms must be an integer/);
    expect(() => sandbox.faults.set({ kind: "500", ms: 10 })).toThrow(/slow and expire only/);
  });

  it("reset({ user }) forgets that user's switches, tokens and spent Fluz tokens, no one else's", async () => {
    const fluz = sandbox.credentials.fluz!;
    const mine = await fluzToken(fluz, { externalId: "qa_reset_1" });
    const theirs = await fluzToken(fluz, { externalId: "qa_reset_2" });
    const verify = (token: string) => send(`${sandbox.url}/fluz/api/verify`, { token });
    expect((await verify(mine)).status).toBe(200);
    expect((await verify(theirs)).status).toBe(200);
    expect((await verify(mine)).json.error.code).toBe("TOKEN_ALREADY_USED");
    sandbox.faults.set({ kind: "decline", provider: "jackpot", user: "qa_reset_1" });
    const kept = sandbox.faults.set({ kind: "decline", provider: "jackpot", user: "qa_reset_2" });

    // One call: 1 switch, 2 token records, 1 spent token and 1 open transfer.
    expect(sandbox.reset({ user: "qa_reset_1" })).toEqual({ faults: 1, tokens: 2, state: 2 });

    expect(sandbox.faults.list().map((r) => r.id)).toEqual([kept.id]);
    expect(sandbox.inspect.tokens({ user: "qa_reset_1" })).toEqual([]);
    expect(sandbox.inspect.tokens({ user: "qa_reset_2" })).toHaveLength(1);
    expect((await verify(mine)).status).toBe(200); // opens the widget again
    expect((await verify(theirs)).json.error.code).toBe("TOKEN_ALREADY_USED");
  });

  it("POST /__reset: by scope over HTTP, the counts back; a bad body is a 400 naming the field", async () => {
    const { call } = providerCalls(sandbox, () => merchantBearer).gr4vy;
    sandbox.faults.set({ kind: "500", provider: "gr4vy", scope: "test-7" });
    expect(await call(7)).toBe(500);
    const reset = await send(`${sandbox.url}/__reset`, { scope: "test-7" });
    expect(reset).toMatchObject({ status: 200, json: { faults: 1, tokens: 1 } });
    expect(await call(7)).toBe(200);

    const bad = await send(`${sandbox.url}/__reset`, { user: 42 });
    expect(bad).toMatchObject({
      status: 400,
      json: { error: { code: "INVALID_RESET", field: "user" } },
    });
    const extra = await send(`${sandbox.url}/__reset`, { users: "qa" });
    expect(extra).toMatchObject({ status: 400, json: { error: { field: "users" } } });
    const form = await fetch(`${sandbox.url}/__reset`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user=qa",
    });
    expect(form.status).toBe(415);
  });
});

describe("Fluz: a POST the browser sends again", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ providers: ["fluz"] });
  });
  afterAll(() => sandbox.close());

  it("from the same widget session is answered as the first; from another modal it is already used", async () => {
    const token = await fluzToken(sandbox.credentials.fluz!, { externalId: "qa_resend" });
    const verify = (widgetSession: string) =>
      send(`${sandbox.url}/fluz/api/verify`, { token, widgetSession });
    const first = await verify("a1b2c3d4e5f6a7b8");
    expect(first.status).toBe(200);
    const again = await verify("a1b2c3d4e5f6a7b8");
    expect(again).toMatchObject({ status: 200, json: first.json });
    const other = await verify("ffffeeeeddddcccc");
    expect(other).toMatchObject({
      status: 401,
      json: {
        error: {
          code: "TOKEN_ALREADY_USED",
          message:
            "This patToken was already used to open a Fluz window: ask the merchant for a new one",
        },
      },
    });
    expect(sandbox.inspect.tokens().map((t) => t.verdict)).toEqual(["valid", "valid", "replayed"]);
  });

  it("a reset connection, then the browser's re-send: the modal's transfer opens once", async () => {
    sandbox.faults.set({ kind: "reset", provider: "fluz", times: 1 });
    const token = await fluzToken(sandbox.credentials.fluz!, { externalId: "qa_reset_conn" });
    const body = { token, widgetSession: "0123456789abcdef" };
    await expect(send(`${sandbox.url}/fluz/api/verify`, body)).rejects.toThrow();
    const resent = await send(`${sandbox.url}/fluz/api/verify`, body);
    expect(resent.status).toBe(200);
    const confirm = await send(`${sandbox.url}/fluz/api/confirm`, {
      sessionId: resent.json.sessionId,
    });
    expect(confirm).toMatchObject({ status: 200, json: { status: "APPROVED" } });
  });
});

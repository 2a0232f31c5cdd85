import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectSandbox } from "../src/connect-sandbox.js";
import { type SandboxClient, sandboxClient } from "../src/sandbox-client.js";
import { createTestFaults } from "../src/test-faults.js";
import { WidgetTokenError } from "../src/widget-token-error.js";
import { createWidgetTokens } from "../src/widget-tokens.js";
import { fluzToken, openFluz } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ providers: ["fluz", "jackpot"] });
});
afterAll(() => sandbox.close());

describe.each([
  ["in this process", async () => sandboxClient(sandbox)],
  ["over HTTP", async () => connectSandbox(sandbox.url)],
] as const)("widgetTokens %s", (_how, connect) => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await connect();
  });
  const start = async (scope: string, timeout?: number) =>
    createWidgetTokens({ sandbox: client, scope, since: await client.inspect.cursor(), timeout });

  it("received() resolves the claims of each next token, arrived or still to come", async () => {
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 1 }), "old-test");
    const tokens = await start("t1");
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 20 }), "t1");
    expect(await tokens.received("fluz")).toMatchObject({
      amount: 20,
      transactionType: "WITHDRAW",
      externalId: "user-42",
    });
    const second = tokens.received("fluz");
    await openFluz(
      sandbox,
      await fluzToken(sandbox, { amount: 30, transactionType: "DEPOSIT" }),
      "t1",
    );
    expect(await second).toMatchObject({ amount: 30, transactionType: "DEPOSIT" });
    expect((await tokens.all()).map((t) => t.claims?.amount)).toEqual([20, 30]);
  });

  it("skips tokens of other tests, keeps unscoped ones", async () => {
    const tokens = await start("t2");
    const waiting = tokens.record("fluz");
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 5 }), "another-test");
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 6 }), "t2");
    expect(await waiting).toMatchObject({ scope: "t2", claims: { amount: 6 } });
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 7, externalId: "qa_server_7" }));
    expect(await tokens.received("fluz", { user: "qa_server_7" })).toMatchObject({ amount: 7 });
    expect((await tokens.all({ provider: "fluz" })).map((t) => t.claims?.amount)).toEqual([6, 7]);
  });

  it("refuses an unscoped token (one your server sent) when no user is named: it could be any test's", async () => {
    const tokens = await start("t2b");
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 8, externalId: "qa_other" }));
    const taken = await tokens.received("fluz").catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(WidgetTokenError);
    expect(taken).toMatchObject({
      code: "USER_REQUIRED",
      token: { user: "qa_other", scope: null },
    });
    expect((taken as Error).message).toMatch(
      /^widgetTokens\.received\("fluz"\): the next Fluz patToken token \(#\d+, user qa_other\) came from your app's server, so it carries no test scope .+ widgetTokens\.received\("fluz", \{ user: "…" \}\)\.$/,
    );
    await expect(tokens.record("fluz")).rejects.toMatchObject({ code: "USER_REQUIRED" });
    expect(await tokens.received("fluz", { user: "qa_other" })).toMatchObject({ amount: 8 });
  });

  it("rejects a refused token with its verdict and reason; record() returns it", async () => {
    const tokens = await start("t3");
    await openFluz(sandbox, await fluzToken(sandbox, {}, "not-the-secret"), "t3");
    const refused = await tokens.received("fluz").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WidgetTokenError);
    expect(refused).toMatchObject({ code: "REFUSED", token: { verdict: "bad-signature" } });
    expect((refused as Error).message).toMatch(
      /^widgetTokens\.received\("fluz"\): the Fluz stand-in refused the patToken token it received: verdict "bad-signature": the HS256 signature does not verify with .+\. Token #\d+ at POST \/fluz\/api\/verify, user user-42\./,
    );
    // The same token, taken again with another cursor: record() does not judge.
    const again = createWidgetTokens({ sandbox: client, scope: "t3", since: tokens.since });
    expect(await again.record("fluz")).toMatchObject({ verdict: "bad-signature", scope: "t3" });
  });

  it("rejects on timeout, saying what arrived instead and where to look", async () => {
    const tokens = await start("t4", 200);
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 3 }), "t4");
    const late = await tokens.received("jackpot").catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WidgetTokenError);
    expect(late).toMatchObject({ code: "TIMEOUT", token: undefined });
    const message = (late as Error).message;
    expect(message).toContain(
      'widgetTokens.received("jackpot"): no Jackpot assertion token reached the sandbox within 200 ms (since the test started).',
    );
    expect(message).toMatch(
      /Meanwhile it received: fluz patToken #\d+ \(verdict valid, user user-42, scope t4\)/,
    );
    // A refused token is listed with its reason.
    await openFluz(sandbox, await fluzToken(sandbox, {}, "not-the-secret"), "t4");
    await expect(tokens.received("jackpot")).rejects.toThrow(
      /fluz patToken #\d+ \(verdict bad-signature: the HS256 signature does not verify with .+, user user-42, scope t4\)/,
    );
    expect(message).toContain(`${sandbox.url}/__inspect/`);
    // A user filter and a shorter timeout per call.
    await expect(tokens.received("fluz", { user: "someone-else", timeout: 50 })).rejects.toThrow(
      'no Fluz patToken token for user "someone-else" reached the sandbox within 50 ms',
    );
  });

  it("names the providers it knows", async () => {
    const tokens = await start("t5");
    await expect(tokens.received("stripe" as "fluz")).rejects.toThrow(
      'widgetTokens.received("stripe"): the provider is one of fluz, impact, gr4vy, jackpot, merchantApi',
    );
  });

  it("test faults are scoped to the test (or its user) and cleared after it", async () => {
    const faults = createTestFaults(client, "t6");
    const other = createTestFaults(client, "t7");
    const scoped = await faults.set({ kind: "500", provider: "fluz" });
    const byUser = await faults.set({ kind: "decline", provider: "jackpot", user: "user-9" });
    const theirs = await other.set({ kind: "reset", provider: "fluz" });
    expect(scoped).toMatchObject({ scope: "t6", user: null });
    expect(byUser).toMatchObject({ scope: null, user: "user-9" });
    expect((await openFluz(sandbox, await fluzToken(sandbox), "t6")).status).toBe(500);
    expect((await faults.list()).map((r) => r.id)).toEqual([scoped.id, byUser.id]);
    await faults.clear();
    expect(await faults.list()).toEqual([]);
    expect((await client.faults.list()).map((r) => r.id)).toEqual([theirs.id]);
    await other.clear();
  });

  it("refuses a merchant-API switch without a user: only your server calls it, so it would never fire", async () => {
    const faults = createTestFaults(client, "t8");
    await expect(faults.set({ kind: "500", provider: "merchantApi" })).rejects.toThrow(
      /faults\.set\(.+\): merchantApi is only called by your app's server, .+ Name the user the calls are made for/,
    );
    expect(await faults.list()).toEqual([]);
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Sandbox, SandboxError, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectSandbox } from "../src/connect-sandbox.js";
import { type SandboxClient, sandboxClient } from "../src/sandbox-client.js";
import { fluzToken, openFluz } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ providers: ["fluz", "jackpot"] });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
});

describe.each([
  ["in this process", async () => sandboxClient(sandbox)],
  ["over HTTP", async () => connectSandbox(`${sandbox.url}/`)],
] as const)("the sandbox client %s", (_how, connect) => {
  let client: SandboxClient;
  beforeAll(async () => {
    client = await connect();
  });

  it("knows the sandbox's URL, inspection page and stand-ins", () => {
    expect(client.url).toBe(sandbox.url);
    expect(client.inspectUrl).toBe(`${sandbox.url}/__inspect/`);
    expect(client.providers).toEqual(["fluz", "jackpot"]);
  });

  it("reads the tokens received and the cursor", async () => {
    const before = await client.inspect.cursor();
    await openFluz(sandbox, await fluzToken(sandbox), "test-a");
    await openFluz(sandbox, await fluzToken(sandbox, {}, "not-the-secret"));
    expect(await client.inspect.cursor()).toBe(before + 2);
    const all = await client.inspect.tokens({ since: before });
    expect(all.map((t) => [t.provider, t.kind, t.verdict, t.scope])).toEqual([
      ["fluz", "patToken", "valid", "test-a"],
      ["fluz", "patToken", "bad-signature", null],
    ]);
    expect(await client.inspect.tokens({ scope: "test-a" })).toHaveLength(1);
    expect(await client.inspect.tokens({ verdict: "bad-signature" })).toHaveLength(1);
    await client.inspect.clear();
    expect(await client.inspect.tokens()).toEqual([]);
    expect(await client.inspect.cursor()).toBe(before + 2);
  });

  it("waits for a token still to come, and finds one that already came", async () => {
    const since = await client.inspect.cursor();
    const waiting = client.inspect.waitFor({ provider: "fluz", since, timeoutMs: 5000 });
    await openFluz(sandbox, await fluzToken(sandbox, { amount: 12.5 }));
    const token = await waiting;
    expect(token.claims).toMatchObject({ amount: 12.5 });
    const again = await client.inspect.waitFor({ provider: "fluz", since, timeoutMs: 100 });
    expect(again.id).toBe(token.id);
  });

  it("rejects a wait that times out with INSPECT_TIMEOUT", async () => {
    const wait = client.inspect.waitFor({ provider: "jackpot", timeoutMs: 50 });
    await expect(wait).rejects.toBeInstanceOf(SandboxError);
    await expect(wait).rejects.toMatchObject({
      code: "INSPECT_TIMEOUT",
      message: expect.stringContaining("No jackpot token arrived within 50 ms"),
    });
  });

  it("cancels a wait with its signal", async () => {
    const controller = new AbortController();
    const wait = client.inspect.waitFor({ provider: "jackpot", signal: controller.signal });
    controller.abort(new Error("test over"));
    await expect(wait).rejects.toThrow("test over");
  });

  it("sets, lists, removes and clears fault switches", async () => {
    const rule = await client.faults.set({ kind: "500", provider: "fluz", scope: "test-b" });
    expect(rule).toMatchObject({ kind: "500", provider: "fluz", scope: "test-b", user: null });
    // Only the scope's requests fail.
    expect((await openFluz(sandbox, await fluzToken(sandbox), "test-b")).status).toBe(500);
    expect((await openFluz(sandbox, await fluzToken(sandbox), "test-c")).status).toBe(200);

    await client.faults.set({ kind: "slow", ms: 10, provider: "jackpot", user: "u1" });
    expect((await client.faults.list()).map((r) => r.kind)).toEqual(["500", "slow"]);
    expect(await client.faults.list({ scope: "test-b" })).toEqual([rule]);
    expect(await client.faults.remove(rule.id)).toBe(true);
    expect(await client.faults.remove(rule.id)).toBe(false);
    expect(await client.faults.clear({ user: "u1" })).toBe(1);
    expect(await client.faults.list()).toEqual([]);
  });

  it("reset({ user }): the user's switches, tokens and spent Fluz tokens, in one call", async () => {
    const token = await fluzToken(sandbox, { externalId: "qa_kit_reset" });
    expect((await openFluz(sandbox, token)).status).toBe(200);
    expect((await openFluz(sandbox, token)).status).toBe(401); // spent
    await client.faults.set({ kind: "expire", provider: "fluz", user: "qa_kit_reset" });
    await client.faults.set({ kind: "500", provider: "fluz", user: "someone_else" });
    expect(await client.reset({ user: "qa_kit_reset" })).toEqual({
      faults: 1,
      tokens: 2,
      state: 2,
    });
    expect((await openFluz(sandbox, token)).status).toBe(200); // neither spent nor expired now
    expect((await client.faults.list()).map((r) => r.user)).toEqual(["someone_else"]);
    await expect(client.reset({ user: "" })).rejects.toMatchObject({ field: "user" });
  });

  it("refuses a malformed switch with INVALID_FAULT naming the field", async () => {
    const set = client.faults.set({ kind: "slow", ms: -1 });
    await expect(set).rejects.toBeInstanceOf(SandboxError);
    await expect(set).rejects.toMatchObject({ code: "INVALID_FAULT", field: "ms" });
  });
});

describe("connectSandbox", () => {
  it("says when the URL is not a widget-tokens sandbox", async () => {
    const app = createServer((_req, res) => res.writeHead(404).end("Not Found"));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const { port } = app.address() as AddressInfo;
    try {
      await expect(connectSandbox(`http://127.0.0.1:${port}`)).rejects.toThrow(
        `http://127.0.0.1:${port} does not answer as a widget-tokens sandbox (GET / gave 404)`,
      );
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it("says when nothing answers, and refuses what is not an http URL", async () => {
    const closed = await startSandbox({ providers: ["fluz"] });
    await closed.close();
    await expect(connectSandbox(closed.url)).rejects.toThrow(
      `The sandbox at ${closed.url} did not answer GET / (ECONNREFUSED)`,
    );
    await expect(connectSandbox("localhost:4010")).rejects.toThrow(/must be http or https/);
    await expect(connectSandbox("not a url")).rejects.toThrow(/is not a URL/);
  });
});

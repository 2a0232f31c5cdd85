import { type Sandbox, realSandboxes, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipFaultsOnRealSandboxes, skipTokensOnRealSandboxes } from "../src/real-sandbox-skips.js";
import { sandboxClient } from "../src/sandbox-client.js";
import { createTestFaults } from "../src/test-faults.js";
import { createWidgetTokens } from "../src/widget-tokens.js";

/**
 * Issue 23, item 7: with WIDGET_TOKENS_REAL_SANDBOXES, the checks that read
 * the sandbox's stand-in skip the test (testInfo.skip, stood in for here by
 * a function that records the reason and throws as it does), by name, for
 * the providers sent to their own test environment only.
 */
describe("checks that need the stand-in, on a real provider sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ providers: ["fluz", "gr4vy"] });
  });
  afterAll(() => sandbox.close());

  const real = realSandboxes({ WIDGET_TOKENS_REAL_SANDBOXES: "gr4vy", GR4VY_ID: "acme" });
  const skipped: string[] = [];
  const skip = (reason: string) => {
    skipped.push(reason);
    throw new Error("skipped");
  };

  it("widgetTokens on Gr4vy skips, naming the call and the environment; Fluz still waits on its stand-in", async () => {
    const client = sandboxClient(sandbox);
    const base = createWidgetTokens({ sandbox: client, scope: "t1", since: 0, timeout: 50 });
    const tokens = skipTokensOnRealSandboxes(base, skip, real);
    expect(() => tokens.received("gr4vy")).toThrow("skipped");
    expect(() => tokens.record("gr4vy", { kind: "api" })).toThrow("skipped");
    expect(skipped.splice(0)).toEqual([
      `widgetTokens.received("gr4vy") needs the sandbox's Gr4vy stand-in (what it received, its switches): WIDGET_TOKENS_REAL_SANDBOXES runs Gr4vy against Gr4vy's sandbox environment`,
      `widgetTokens.record("gr4vy") needs the sandbox's Gr4vy stand-in (what it received, its switches): WIDGET_TOKENS_REAL_SANDBOXES runs Gr4vy against Gr4vy's sandbox environment`,
    ]);
    await expect(tokens.received("fluz")).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(await tokens.all({ provider: "fluz" })).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it("faults.set on Gr4vy skips; on Fluz, or for every provider, it is set", async () => {
    const faults = skipFaultsOnRealSandboxes(
      createTestFaults(sandboxClient(sandbox), "t2"),
      skip,
      real,
    );
    expect(() => faults.set({ kind: "decline", provider: "gr4vy" })).toThrow("skipped");
    expect(skipped.splice(0)).toEqual([
      `faults.set({ kind: "decline", provider: "gr4vy" }) needs the sandbox's Gr4vy stand-in (what it received, its switches): WIDGET_TOKENS_REAL_SANDBOXES runs Gr4vy against Gr4vy's sandbox environment`,
    ]);
    await faults.set({ kind: "500", provider: "fluz" });
    await faults.set({ kind: "slow", ms: 10 });
    expect((await faults.list()).map((r) => r.provider)).toEqual(["fluz", null]);
    await faults.clear();
  });

  it("without the switch, nothing is wrapped", () => {
    const base = createWidgetTokens({ sandbox: sandboxClient(sandbox), scope: "t3", since: 0 });
    expect(skipTokensOnRealSandboxes(base, skip, new Map())).toBe(base);
  });
});

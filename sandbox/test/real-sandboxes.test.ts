import { REAL_SANDBOX_PROVIDERS, realSandboxes } from "@widget-tokens/sandbox";
import { describe, expect, it } from "vitest";

/** Issue 23, item 7: the switch that sends providers to their own test environments. */
describe("realSandboxes (WIDGET_TOKENS_REAL_SANDBOXES)", () => {
  const env = {
    GR4VY_ID: "acme",
    IMPACT_TENANT_ALIAS: "test_acme42",
    MERCHANT_API_URL: "https://api.test.merchant.example",
  };

  it("unset or blank: every provider stays on the sandbox's stand-in", () => {
    expect(realSandboxes(env).size).toBe(0);
    expect(realSandboxes({ ...env, WIDGET_TOKENS_REAL_SANDBOXES: " " }).size).toBe(0);
  });

  it("names providers (as people type them): each gets its own test environment's URLs", () => {
    const real = realSandboxes({ ...env, WIDGET_TOKENS_REAL_SANDBOXES: "gr4vy, merchant-api" });
    expect(Object.fromEntries([...real].map(([id, r]) => [id, r.urls]))).toEqual({
      gr4vy: {
        api: "https://api.sandbox.acme.gr4vy.app",
        embedScript: "https://cdn.acme.gr4vy.app/gr4vy-embed.js",
        environment: "sandbox",
      },
      merchantApi: { api: "https://api.test.merchant.example" },
    });
  });

  it("all: every provider that has one (not Fluz or Jackpot)", () => {
    expect(REAL_SANDBOX_PROVIDERS).toEqual(["impact", "gr4vy", "merchantApi"]);
    const real = realSandboxes({ ...env, WIDGET_TOKENS_REAL_SANDBOXES: "all" });
    expect([...real.keys()]).toEqual(REAL_SANDBOX_PROVIDERS);
    expect(real.get("impact")?.urls).toEqual({
      squatchJs: "https://fast.ssqt.io/squatch-js@2",
      domain: "https://app.referralsaasquatch.com",
    });
  });

  it("refuses, naming the variable: an unknown provider, one without a test environment, a missing or live setting", () => {
    const set =
      (value: string, more: Record<string, string> = env) =>
      () =>
        realSandboxes({ ...more, WIDGET_TOKENS_REAL_SANDBOXES: value });
    expect(set("stripe")).toThrow(/WIDGET_TOKENS_REAL_SANDBOXES: no provider "stripe"/);
    expect(set("jackpot")).toThrow(/names jackpot, which has no test environment of its own/);
    expect(set("gr4vy", {})).toThrow(/needs GR4VY_ID/);
    expect(set("impact", { IMPACT_TENANT_ALIAS: "acme42" })).toThrow(/"acme42" is a live tenant/);
  });
});

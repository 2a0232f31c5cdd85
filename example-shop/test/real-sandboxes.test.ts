import { credentialsToEnv, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExampleShop } from "../src/index.js";

/**
 * Issue 23, item 7: WIDGET_TOKENS_REAL_SANDBOXES points the example shop's
 * pages at a provider's own test environment, the others staying on the
 * sandbox's stand-ins. No call leaves the machine: the pages are read, not run.
 */
describe("the example shop under WIDGET_TOKENS_REAL_SANDBOXES", () => {
  let env: Record<string, string>;
  let sandboxUrl: string;
  let closeSandbox: () => Promise<void>;
  beforeAll(async () => {
    const sandbox = await startSandbox({ providers: ["impact", "gr4vy", "fluz"] });
    sandboxUrl = sandbox.url;
    env = credentialsToEnv(sandbox.credentials);
    closeSandbox = () => sandbox.close();
  });
  afterAll(() => closeSandbox());

  /** The loader tag's attributes of `path`, signed in. */
  async function loaderOf(extra: Record<string, string>, path: string) {
    const shop = await startExampleShop({
      port: 0,
      sandboxUrl,
      env: { ...env, ...extra },
    });
    try {
      const signIn = await fetch(`${shop.url}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "userId=qa_real",
        redirect: "manual",
      });
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const html = await (await fetch(`${shop.url}${path}`, { headers: { cookie } })).text();
      const tag = /<script[^>]*data-endpoint[^>]*>/.exec(html)?.[0] ?? "";
      return Object.fromEntries(
        [...tag.matchAll(/data-([\w-]+)="([^"]*)"/g)].map((m) => [
          m[1],
          m[2]?.replaceAll("&amp;", "&"),
        ]),
      );
    } finally {
      await shop.close();
    }
  }

  it("unset: every provider on the sandbox's stand-in", async () => {
    const loader = await loaderOf({}, "/checkout");
    expect(loader).toMatchObject({
      "gr4vy-script-url": `${sandboxUrl}/gr4vy/gr4vy-embed.js`,
      "impact-script-url": `${sandboxUrl}/impact/squatch.js`,
      "impact-domain": `${sandboxUrl}/impact`,
      "fluz-script-url": `${sandboxUrl}/fluz/widget.js`,
    });
  });

  it("gr4vy,impact: their own test environments' URLs; Fluz stays on the stand-in", async () => {
    const loader = await loaderOf(
      {
        WIDGET_TOKENS_REAL_SANDBOXES: "gr4vy,impact",
        GR4VY_ID: "acme",
        IMPACT_TENANT_ALIAS: "test_acme42",
      },
      "/checkout",
    );
    expect(loader).toMatchObject({
      "gr4vy-script-url": "https://cdn.acme.gr4vy.app/gr4vy-embed.js",
      "gr4vy-environment": "sandbox",
      "impact-script-url": "https://fast.ssqt.io/squatch-js@2",
      "impact-domain": "https://app.referralsaasquatch.com",
      "impact-tenant-alias": "test_acme42",
      "fluz-script-url": `${sandboxUrl}/fluz/widget.js`,
    });
  });

  it("refuses to start on a switch it cannot honour, naming the variable", async () => {
    await expect(
      startExampleShop({
        port: 0,
        sandboxUrl,
        env: { ...env, WIDGET_TOKENS_REAL_SANDBOXES: "fluz" },
      }),
    ).rejects.toThrow(/WIDGET_TOKENS_REAL_SANDBOXES names fluz, which has no test environment/);
    await expect(
      startExampleShop({
        port: 0,
        sandboxUrl,
        env: { ...env, WIDGET_TOKENS_REAL_SANDBOXES: "impact", IMPACT_TENANT_ALIAS: "acme" },
      }),
    ).rejects.toThrow(/"acme" is a live tenant/);
  });
});

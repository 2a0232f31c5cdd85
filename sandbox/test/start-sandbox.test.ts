import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import {
  SANDBOX_PROVIDERS,
  type Sandbox,
  SandboxError,
  credentialsFromEnv,
  credentialsToEnv,
  startSandbox,
} from "@widget-tokens/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { send } from "./helpers/http.js";

describe("startSandbox", () => {
  const started: Sandbox[] = [];
  const start = async (...args: Parameters<typeof startSandbox>) => {
    const sandbox = await startSandbox(...args);
    started.push(sandbox);
    return sandbox;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });

  it("starts every stand-in with generated credentials by default", async () => {
    const sandbox = await start();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.inspectUrl).toBe(`${sandbox.url}/__inspect/`);
    expect(sandbox.providers).toEqual([...SANDBOX_PROVIDERS]);
    const { fluz, impact, gr4vy, jackpot, merchantApi } = sandbox.credentials;
    expect(fluz?.apiSecret).toMatch(/^[\w-]{43}$/);
    expect(impact).toMatchObject({ accountSid: expect.stringMatching(/^IR[0-9a-f]{32}$/) });
    expect(createPrivateKey(gr4vy!.privateKey!).asymmetricKeyDetails?.namedCurve).toBe("secp521r1");
    expect(jackpot?.apiSignature).toMatch(/^[\w-]{43}$/);
    expect(merchantApi).toMatchObject({
      merchantId: "merchant_sandbox",
      email: "qa@merchant.example",
    });
    const index = await send(`${sandbox.url}/`);
    expect(index.json.providers).toEqual([...SANDBOX_PROVIDERS]);
    // A second sandbox has other secrets.
    const other = await start();
    expect(other.credentials.fluz?.apiSecret).not.toBe(fluz?.apiSecret);
  });

  it("starts only the named stand-ins", async () => {
    const sandbox = await start({ providers: ["fluz", "merchant-api" as "merchantApi"] });
    expect(sandbox.providers).toEqual(["fluz", "merchantApi"]);
    expect(Object.keys(sandbox.credentials)).toEqual(["fluz", "merchantApi"]);
    expect((await send(`${sandbox.url}/fluz/widget.js`)).status).toBe(200);
    expect((await send(`${sandbox.url}/gr4vy/gr4vy-embed.js`)).status).toBe(404);
  });

  it("keeps the credentials given and generates the rest", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
    const sandbox = await start({
      providers: {
        fluz: { apiKey: "fluz_fixed" },
        gr4vy: { gr4vyId: "northwind", publicKey },
        impact: true,
      },
    });
    expect(sandbox.credentials.fluz?.apiKey).toBe("fluz_fixed");
    expect(sandbox.credentials.fluz?.apiSecret).toMatch(/^[\w-]{43}$/);
    expect(sandbox.credentials.gr4vy).toEqual({
      gr4vyId: "northwind",
      publicKey: createPublicKey(privateKey).export({ type: "spki", format: "pem" }),
    });
    expect(sandbox.credentials.impact?.tenantAlias).toBe("test_sandbox");
  });

  it("refuses an unknown provider with a typed error", async () => {
    await expect(startSandbox({ providers: ["stripe" as "fluz"] })).rejects.toMatchObject({
      name: "SandboxError",
      code: "UNKNOWN_PROVIDER",
    });
    await expect(startSandbox({ providers: ["stripe" as "fluz"] })).rejects.toBeInstanceOf(
      SandboxError,
    );
  });

  it("gives the credentials as the demo's environment variables, and reads them back", async () => {
    const sandbox = await start();
    const env = credentialsToEnv(sandbox.credentials);
    expect(Object.keys(env).sort()).toEqual(
      [
        "FLUZ_API_KEY",
        "FLUZ_API_SECRET",
        "FLUZ_NOTIFICATION_SECRET",
        "GR4VY_ID",
        "GR4VY_PRIVATE_KEY",
        "IMPACT_ACCOUNT_SID",
        "IMPACT_AUTH_TOKEN",
        "IMPACT_NOTIFICATION_SECRET",
        "IMPACT_TENANT_ALIAS",
        "JACKPOT_API_KEY",
        "JACKPOT_API_SIGNATURE",
        "JACKPOT_NOTIFICATION_SECRET",
        "MERCHANT_API_EMAIL",
        "MERCHANT_API_KEY",
        "MERCHANT_API_MERCHANT_ID",
        "MERCHANT_API_PASSWORD",
      ].sort(),
    );
    expect(env.GR4VY_PRIVATE_KEY).not.toContain("\n");
    const back = credentialsFromEnv(env);
    expect(back.fluz).toEqual(sandbox.credentials.fluz);
    expect(back.gr4vy?.publicKey).toBe(sandbox.credentials.gr4vy?.privateKey?.trim());
    // Restarting from them gives the same credentials.
    const again = await start({ providers: back });
    expect(again.credentials.fluz).toEqual(sandbox.credentials.fluz);
    expect(again.credentials.gr4vy?.publicKey).toBe(sandbox.credentials.gr4vy?.publicKey);
  });

  it("close() rejects pending waits with SANDBOX_CLOSED and can be called twice", async () => {
    const sandbox = await startSandbox({ providers: ["fluz"] });
    const waiting = sandbox.inspect.next({ provider: "fluz" });
    await Promise.all([sandbox.close(), sandbox.close()]);
    await expect(waiting).rejects.toMatchObject({ code: "SANDBOX_CLOSED" });
  });
});

import { type FaultSpec, type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMerchantApiClient } from "../../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "../helpers/http.js";
import { CUSTOMER, MERCHANT, merchantLogin } from "../helpers/merchant-api.js";
import { refusingPort } from "../helpers/refusing-port.js";
import { SHOP_GREEN, shopBeside, shopStatus } from "../helpers/shop-beside.js";

/**
 * One provider's upstream is down, the others are fine (issue 21, item 2):
 * only that provider's routes answer 502/504 with their code; every other
 * provider's route still mints, and the shop's own page, the drop-in,
 * liveness and readiness stay green. Real HTTP to the sandbox's stand-ins,
 * faults flipped with its switches; a provider that is gone entirely is a
 * refusing port.
 */

// Room for a cold first call on a loaded 2-core machine; "hangs" is 4× this.
const TIMEOUT = 2_000;
const JACKPOT = { apiKey: "jackpot-key-outage-1", apiSignature: `outage-${TEST_SECRET}` };
let sandbox: Sandbox;
const apps: TestApp[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sandbox = await startSandbox({ providers: { jackpot: JACKPOT, merchantApi: MERCHANT } });
});
afterEach(() => {
  sandbox.faults.clear();
});
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const close of closers.splice(0)) await close();
  await sandbox?.close();
});

/** Jackpot's and the merchant API's base URLs on the host at `origin`. */
function upstreams(origin: string): { jackpot: string; merchantApi: string } {
  return { jackpot: `${origin}/jackpot`, merchantApi: `${origin}/merchant-api` };
}

/** A shop with every provider that needs no browser: Fluz and impact.com mint locally. */
async function shopWith(urls: { jackpot: string; merchantApi: string }): Promise<TestApp> {
  const client = createMerchantApiClient({
    ...merchantLogin(urls.merchantApi),
    timeoutMs: TIMEOUT,
  });
  closers.push(() => client.close());
  const shop = shopBeside();
  const app = await startTestApp(
    {
      providers: {
        fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET },
        impact: { accountSid: "AC-outage", authToken: TEST_SECRET, tenantAlias: "test_outage" },
        jackpot: { ...JACKPOT, baseUrl: urls.jackpot, timeoutMs: TIMEOUT },
        merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
      },
    },
    { before: [shop.router] },
  );
  shop.bind(app.tokens);
  apps.push(app);
  return app;
}

/** What `routes` answers when every provider mints. */
const ALL_MINT = { fluz: "201", impact: "201", jackpot: "201", merchantApi: "201" };

/** Each provider's route, as status and error code. */
async function routes(app: TestApp): Promise<Record<string, string>> {
  const call = async (path: string, body: unknown) => {
    const res = await app.post(path, body);
    const json = (await res.json()) as { error?: { code: string } };
    return json.error ? `${res.status} ${json.error.code}` : String(res.status);
  };
  const [fluz, impact, jackpot, merchantApi] = await Promise.all([
    call("/fluz/pat-token", { amount: "5.00", transactionType: "DEPOSIT" }),
    call("/impact/user-token", {}),
    call("/jackpot/session-token", { amount: 25 }),
    call("/merchant-api/v2/customer/create", CUSTOMER),
  ]);
  return { fluz, impact, jackpot, merchantApi };
}

describe("one provider's upstream down", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await shopWith(upstreams(sandbox.url));
    expect(await routes(app)).toEqual(ALL_MINT);
  });

  it.each<[string, FaultSpec, Record<string, string>]>([
    [
      "Jackpot resets every connection",
      { provider: "jackpot", kind: "reset" },
      { jackpot: "502 UPSTREAM_UNAVAILABLE" },
    ],
    [
      "Jackpot answers 500",
      { provider: "jackpot", kind: "500" },
      { jackpot: "502 UPSTREAM_ERROR" },
    ],
    [
      "the merchant API hangs",
      { provider: "merchantApi", kind: "slow", ms: 4 * TIMEOUT },
      { merchantApi: "504 UPSTREAM_TIMEOUT" },
    ],
    [
      "the merchant API answers 500",
      { provider: "merchantApi", kind: "500" },
      { merchantApi: "502 UPSTREAM_ERROR" },
    ],
  ])("%s: only its route fails; the others and readiness stay green", async (_n, fault, failed) => {
    sandbox.faults.set(fault);
    expect(await routes(app)).toEqual({ ...ALL_MINT, ...failed });
    expect(await shopStatus(app.url)).toEqual(SHOP_GREEN);

    sandbox.faults.clear();
    expect(await routes(app)).toEqual(ALL_MINT);
  });

  it.each(["jackpot", "merchantApi"] as const)(
    "a provider that is gone entirely (refusing port): only its route answers 502 (%s)",
    async (provider) => {
      const gone = `http://127.0.0.1:${await refusingPort()}`;
      const without = await shopWith({
        ...upstreams(sandbox.url),
        [provider]: upstreams(gone)[provider],
      });
      expect(await routes(without)).toEqual({
        ...ALL_MINT,
        [provider]: "502 UPSTREAM_UNAVAILABLE",
      });
      expect(await shopStatus(without.url)).toEqual(SHOP_GREEN);
    },
  );
});

import {
  type MerchantApiSandbox,
  type Sandbox,
  createMerchantApiSandbox,
  startSandbox,
} from "@widget-tokens/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MerchantApiAuthError,
  type MerchantApiClient,
  createMerchantApiClient,
} from "../src/index.js";

/**
 * Issue 23, item 2: a merchant-API `decline` set for one customer refuses
 * that customer's calls the way a refused login does, through the real
 * client, while every other customer's calls on the same merchant session
 * go on; and it ends with its switch, the client's login backoff (left at
 * its 10 s default here) included.
 */
describe("merchant API: a decline for one customer on a session every customer shares", () => {
  let merchant: MerchantApiSandbox;
  let sandbox: Sandbox;
  let client: MerchantApiClient;
  const create = (who: string) =>
    client.request("POST", "/v2/customer/create", {
      firstName: "Ada",
      lastName: "Lovelace",
      email: `${who}@shop.example`,
    });

  beforeAll(async () => {
    merchant = createMerchantApiSandbox({
      merchantId: "merchant_decline",
      email: "ops@merchant.example",
      password: "decline-scope-password-0123456789",
    });
    sandbox = await startSandbox({ providers: { merchantApi: merchant } });
    client = createMerchantApiClient({
      baseUrl: `${sandbox.url}/merchant-api`,
      merchantId: "merchant_decline",
      email: "ops@merchant.example",
      password: "decline-scope-password-0123456789",
    });
    expect((await create("warm_up")).status).toBe(201); // the session every test shares
    merchant.resetCounts();
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  afterEach(() => {
    sandbox.reset();
    merchant.resetCounts();
  });

  it("the declined customer's call fails as a refused login; five others alongside go through", async () => {
    const rule = sandbox.faults.set({
      kind: "decline",
      provider: "merchantApi",
      user: "qa_declined@shop.example",
    });
    const who = ["qa_declined", "qa_a", "qa_b", "qa_declined", "qa_c", "qa_d", "qa_e"];
    const results = await Promise.allSettled(who.map(create));
    const outcome = results.map((r) =>
      r.status === "fulfilled"
        ? r.value.status
        : r.reason instanceof MerchantApiAuthError
          ? r.reason.reason
          : String(r.reason),
    );
    expect(outcome).toEqual(who.map((w) => (w === "qa_declined" ? "INVALID_CREDENTIALS" : 201)));
    // Down the path of a refused login: the refresh refused, then the login.
    expect(merchant.counts).toMatchObject({ expiredRefreshes: 1, failedLogins: 1, logins: 0 });
    const declined = sandbox.inspect.tokens({ user: "qa_declined@shop.example" });
    expect(declined.map((t) => [t.verdict, t.faults])).toEqual([
      ["valid", ["decline"]],
      ["valid", ["decline"]],
    ]);

    // The switch ends with the test: the next call goes through at once,
    // the client's 10 s login backoff notwithstanding (its session was kept).
    sandbox.faults.remove(rule.id);
    expect((await create("qa_declined")).status).toBe(201);
    expect((await create("qa_a")).status).toBe(201);
    expect(merchant.counts.logins).toBe(0);
  });

  it("times: 1 declines one call, then the customer's calls work again", async () => {
    sandbox.faults.set({
      kind: "decline",
      provider: "merchantApi",
      user: "qa_once@shop.example",
      times: 1,
    });
    await expect(create("qa_once")).rejects.toMatchObject({ reason: "INVALID_CREDENTIALS" });
    expect(sandbox.faults.list()).toEqual([]);
    expect((await create("qa_once")).status).toBe(201);
  });

  it("reset({ user }) ends a decline and its marks, for that customer only", async () => {
    sandbox.faults.set({ kind: "decline", provider: "merchantApi", user: "qa_r1@shop.example" });
    const other = sandbox.faults.set({
      kind: "decline",
      provider: "merchantApi",
      user: "qa_r2@shop.example",
    });
    await expect(create("qa_r1")).rejects.toMatchObject({ reason: "INVALID_CREDENTIALS" });
    expect(sandbox.reset({ user: "qa_r1@shop.example" })).toMatchObject({ faults: 1 });
    expect((await create("qa_r1")).status).toBe(201);
    expect(sandbox.faults.list().map((r) => r.id)).toEqual([other.id]);
  });
});

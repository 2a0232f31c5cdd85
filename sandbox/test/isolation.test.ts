import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merchantLogin, send } from "./helpers/http.js";
import { fluzToken, gr4vyToken, grant, impactToken, jackpotAssertion } from "./helpers/tokens.js";

/**
 * Isolation (issue 23): for every provider, a test's fault switch reaches its
 * own requests only, while other tests' requests to the same provider run at
 * the same time. Browser-side providers are told apart by X-Sandbox-Scope,
 * server-side ones (Jackpot's exchange, merchant-API calls) by their user.
 */
describe("fault switches stay with the test that set them, every provider, concurrently", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  /** One request of test `n` to the provider; resolves its status. */
  type Call = (n: number) => Promise<number>;
  const scope = (n: number) => ({ "x-sandbox-scope": `test-${n}` });
  let merchantBearer = "";

  const calls: Record<string, { by: "scope" | "user"; call: Call; ok: number }> = {
    fluz: {
      by: "scope",
      ok: 200,
      call: async (n) =>
        (
          await send(
            `${sandbox.url}/fluz/api/verify`,
            { token: await fluzToken(sandbox.credentials.fluz!, { externalId: `qa_${n}` }) },
            { headers: scope(n) },
          )
        ).status,
    },
    impact: {
      by: "scope",
      ok: 200,
      call: async (n) => {
        const impact = sandbox.credentials.impact!;
        const user = `qa_${n}`;
        const token = await impactToken(impact, { user: { id: user, accountId: user } });
        return (
          await send(
            `${sandbox.url}/impact/api/v1/${impact.tenantAlias}/widget/account/${user}/user/${user}/upsert?widgetType=w/referrerWidget`,
            { id: user, accountId: user },
            { method: "PUT", headers: { ...scope(n), "x-saasquatch-user-token": token } },
          )
        ).status;
      },
    },
    gr4vy: {
      by: "scope",
      ok: 200,
      call: async (n) =>
        (
          await send(
            `${sandbox.url}/gr4vy/api/embed-session`,
            {
              token: await gr4vyToken(sandbox.credentials.gr4vy!),
              options: { amount: 1299, currency: "USD", buyerExternalIdentifier: "user-42" },
            },
            { headers: scope(n) },
          )
        ).status,
    },
    jackpot: {
      by: "user",
      ok: 200,
      call: async (n) => {
        const jackpot = sandbox.credentials.jackpot!;
        const assertion = await jackpotAssertion(jackpot, { userId: `qa_${n}` });
        return (await send(`${sandbox.url}/jackpot/v2/token`, grant(jackpot, assertion))).status;
      },
    },
    merchantApi: {
      by: "user",
      ok: 201,
      call: async (n) =>
        (
          await send(
            `${sandbox.url}/merchant-api/v2/customer/create`,
            { firstName: "Ada", lastName: "Lovelace", email: `qa_${n}@shop.example` },
            { headers: { authorization: `Bearer ${merchantBearer}` } },
          )
        ).status,
    },
  };

  it.each(Object.keys(calls))(
    "%s: a 500 for test 1 only, five clean tests alongside",
    async (id) => {
      const login = await merchantLogin(sandbox);
      merchantBearer = login.json.accessToken;
      const { by, call, ok } = calls[id]!;
      const rule = sandbox.faults.set({
        kind: "500",
        provider: id as never,
        ...(by === "scope"
          ? { scope: "test-1" }
          : { user: id === "merchantApi" ? "qa_1@shop.example" : "qa_1" }),
      });
      try {
        const ns = [1, 2, 3, 1, 4, 5, 1, 6];
        const statuses = await Promise.all(ns.map((n) => call(n)));
        expect(ns.map((n, i) => [n, statuses[i]])).toEqual(ns.map((n) => [n, n === 1 ? 500 : ok]));
      } finally {
        sandbox.faults.remove(rule.id);
      }
    },
  );
});

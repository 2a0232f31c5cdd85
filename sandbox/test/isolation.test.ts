import { SANDBOX_PROVIDERS, type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { merchantLogin } from "./helpers/http.js";
import { providerCalls } from "./helpers/provider-calls.js";

/**
 * Isolation (issue 23): for every provider, a test's fault switch reaches its
 * own requests only, while other tests' requests to the same provider run at
 * the same time. Browser-side providers are told apart by X-Sandbox-Scope,
 * server-side ones (Jackpot's exchange, merchant-API calls) by their user.
 */
describe("fault switches stay with the test that set them, every provider, concurrently", () => {
  let sandbox: Sandbox;
  let merchantBearer = "";
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it.each(SANDBOX_PROVIDERS)(
    "%s: a 500 for test 1 only, five clean tests alongside",
    async (id) => {
      merchantBearer = (await merchantLogin(sandbox)).json.accessToken;
      const { by, call, ok, user } = providerCalls(sandbox, () => merchantBearer)[id];
      const rule = sandbox.faults.set({
        kind: "500",
        provider: id,
        ...(by === "scope" ? { scope: "test-1" } : { user: user(1) }),
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

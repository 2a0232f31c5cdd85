import type { Sandbox, SandboxProviderId } from "@widget-tokens/sandbox";
import { send } from "./http.js";
import { fluzToken, gr4vyToken, grant, impactToken, jackpotAssertion } from "./tokens.js";

/** One provider call made for test `n` (scope `test-<n>`, user `qa_<n>`); resolves its status. */
export interface ProviderCall {
  /** What tells its tests apart: the scope their browser sends, or the user your server calls for. */
  by: "scope" | "user";
  /** The user a call of test `n` is for (the merchant API's: its customer's email). */
  user(n: number): string;
  /** The status of a call that went through. */
  ok: number;
  call(n: number): Promise<number>;
}

/** The scope header of test `n`. */
export const scopeOf = (n: number) => ({ "x-sandbox-scope": `test-${n}` });

/**
 * One widget-token call per provider, as its widget or your server makes it,
 * for test `n`. `merchantBearer()`: the access token of the merchant's session.
 *
 * @example
 * const calls = providerCalls(sandbox, () => bearer);
 * expect(await calls.fluz.call(1)).toBe(200);
 */
export function providerCalls(
  sandbox: Sandbox,
  merchantBearer: () => string,
): Record<SandboxProviderId, ProviderCall> {
  const qa = (n: number) => `qa_${n}`;
  /** The status the sandbox answers a POST (or `init.method`) of `body` to `path`. */
  const status = async (path: string, body: unknown, init?: Parameters<typeof send>[2]) =>
    (await send(`${sandbox.url}${path}`, body, init)).status;
  /** A call for user `qa_<n>` that answers 200, told apart by `by`. */
  const qaCall = (by: ProviderCall["by"], call: ProviderCall["call"]): ProviderCall => ({
    by,
    user: qa,
    ok: 200,
    call,
  });
  return {
    fluz: qaCall("scope", async (n) =>
      status(
        "/fluz/api/verify",
        { token: await fluzToken(sandbox.credentials.fluz!, { externalId: qa(n) }) },
        { headers: scopeOf(n) },
      ),
    ),
    impact: qaCall("scope", async (n) => {
      const impact = sandbox.credentials.impact!;
      const user = qa(n);
      const token = await impactToken(impact, { user: { id: user, accountId: user } });
      return status(
        `/impact/api/v1/${impact.tenantAlias}/widget/account/${user}/user/${user}/upsert?widgetType=w/referrerWidget`,
        { id: user, accountId: user },
        { method: "PUT", headers: { ...scopeOf(n), "x-saasquatch-user-token": token } },
      );
    }),
    gr4vy: qaCall("scope", async (n) =>
      status(
        "/gr4vy/api/embed-session",
        {
          token: await gr4vyToken(sandbox.credentials.gr4vy!, {
            embed: { amount: 1299, currency: "USD", buyer_external_identifier: qa(n) },
          }),
          options: { amount: 1299, currency: "USD", buyerExternalIdentifier: qa(n) },
        },
        { headers: scopeOf(n) },
      ),
    ),
    jackpot: qaCall("user", async (n) => {
      const jackpot = sandbox.credentials.jackpot!;
      const assertion = await jackpotAssertion(jackpot, { userId: qa(n) });
      return status("/jackpot/v2/token", grant(jackpot, assertion));
    }),
    merchantApi: {
      by: "user",
      user: (n) => `qa_${n}@shop.example`,
      ok: 201,
      call: async (n) =>
        status(
          "/merchant-api/v2/customer/create",
          { firstName: "Ada", lastName: "Lovelace", email: `qa_${n}@shop.example` },
          { headers: { authorization: `Bearer ${merchantBearer()}` } },
        ),
    },
  };
}

/**
 * Option errors all at once (issue 22, item 5): 13 missing environment
 * variables are one start-up error listing 13 problems, not 13 restarts.
 * Each line names its option (never its value); did-you-mean is kept; one
 * problem alone is the error it always was.
 */
import { describe, expect, it } from "vitest";
import {
  WidgetTokensOptionError,
  type WidgetTokensOptions,
  createMerchantApiClient,
  widgetTokens,
} from "../src/index.js";
import { TEST_SECRET } from "./helpers/http.js";

/** What an app passes when its environment variables are unset (`process.env.X` is undefined). */
const env = {} as Record<string, string>;

function thrown(
  build: () => unknown,
): WidgetTokensOptionError & { errors?: WidgetTokensOptionError[] } {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    return err as WidgetTokensOptionError & { errors?: WidgetTokensOptionError[] };
  }
  throw new Error("no error thrown");
}

describe("widgetTokens() reports every option problem in one error", () => {
  it("lists each missing secret of each provider, a typo with its did-you-mean, and a bad value", () => {
    const err = thrown(() =>
      widgetTokens({
        identify: () => null,
        alowedOrigins: ["https://shop.example"],
        bodyLimit: -1,
        providers: {
          fluz: { apiKey: env.FLUZ_API_KEY, apiSecret: env.FLUZ_API_SECRET },
          impact: {
            accountSid: env.IMPACT_ACCOUNT_SID,
            authToken: env.IMPACT_AUTH_TOKEN,
            tenantAlias: "acme",
          },
          jackpot: {
            apiKey: env.JACKPOT_API_KEY,
            apiSignature: env.JACKPOT_API_SIGNATURE,
            baseUrl: env.JACKPOT_BASE_URL,
          },
          merchantApi: {
            client: {
              baseUrl: "https://api.merchant.example",
              merchantId: env.MERCHANT_ID,
              email: "ops@shop.example",
              password: env.MERCHANT_PASSWORD,
            },
            expose: [{ method: "POST", path: "/v2/customer/create" }],
          },
        },
      } as unknown as WidgetTokensOptions),
    );
    const options = (err.errors ?? []).map((e) => e.option);
    expect(options).toEqual([
      "alowedOrigins",
      "bodyLimit",
      "providers.fluz.apiKey",
      "providers.fluz.apiSecret",
      "providers.impact.accountSid",
      "providers.impact.authToken",
      "providers.jackpot.apiKey",
      "providers.jackpot.apiSignature",
      "providers.jackpot.baseUrl",
      "merchantApiClient.merchantId",
      "merchantApiClient.password",
    ]);
    expect(err.message.split("\n")[0]).toBe("widget-tokens: 11 options are wrong:");
    expect(err.message).toContain(
      '- option "alowedOrigins" is not a known option; did you mean "allowedOrigins"?',
    );
    expect(err.message).toContain('- option "providers.fluz.apiSecret" is required');
    expect(err.option).toBe("alowedOrigins");
    expect(err.code).toBe("ERR_INVALID_OPTION");
  });

  it("one problem alone is the error it always was", () => {
    const err = thrown(() =>
      widgetTokens({
        identify: () => null,
        providers: { fluz: { apiKey: "k", apiSecret: TEST_SECRET, expiresin: "1h" } },
      } as unknown as WidgetTokensOptions),
    );
    expect(err.errors).toBeUndefined();
    expect(err.message).toBe(
      'widget-tokens: option "providers.fluz.expiresin" is not a known option; did you mean "expiresIn"?',
    );
  });

  it("a problem and its echo are one line: a blank secret is not also reported as too short", () => {
    const err = thrown(() =>
      widgetTokens({
        identify: () => null,
        providers: { fluz: { apiKey: "k", apiSecret: "  " }, impact: { accountSid: "AC" } },
      } as unknown as WidgetTokensOptions),
    );
    expect((err.errors ?? []).map((e) => e.option)).toEqual([
      "providers.fluz.apiSecret",
      "providers.impact.tenantAlias",
      "providers.impact.authToken",
    ]);
  });
});

describe("createMerchantApiClient() too", () => {
  it("lists every missing credential", () => {
    const err = thrown(() =>
      createMerchantApiClient({
        baseUrl: "https://api.merchant.example",
        timeoutMs: -5,
        merchantId: env.MERCHANT_ID,
        email: "ops@shop.example",
        password: env.MERCHANT_PASSWORD,
      } as never),
    );
    expect((err.errors ?? []).map((e) => e.option)).toEqual([
      "merchantApiClient.timeoutMs",
      "merchantApiClient.merchantId",
      "merchantApiClient.password",
    ]);
  });
});

/**
 * Type tests of `providers.jackpot` (checked by `tsc`, never run). Each
 * `@ts-expect-error` must meet an error, or the check fails.
 */
import type { Request } from "express";
import { expectTypeOf } from "vitest";
import { type WidgetUser, widgetTokens } from "../src/index.js";

const identify = () => null;
const base = {
  apiKey: "key",
  apiSignature: "signature-signature-signature-signature",
  baseUrl: "https://api.jackpot.example",
};

widgetTokens({
  identify,
  providers: {
    jackpot: {
      ...base,
      maxAmount: 500,
      timeoutMs: 5000,
      defaultExpiresIn: "1h",
      profile: async (user, req) => {
        expectTypeOf(user).toEqualTypeOf<WidgetUser>();
        expectTypeOf(req).toEqualTypeOf<Request>();
        return { cp: "75001", age: 30, gender: "f" };
      },
      onIssued: ({ notificationKey, userId, amount, user, attempt }) => {
        expectTypeOf(notificationKey).toEqualTypeOf<string>();
        expectTypeOf(userId).toEqualTypeOf<string>();
        expectTypeOf(amount).toEqualTypeOf<number>();
        expectTypeOf(user).toEqualTypeOf<WidgetUser>();
        expectTypeOf(attempt).toEqualTypeOf<number>();
      },
      exchange: {
        path: "/v1/token",
        apiKeyHeader: "X-Api-Key",
        body: ({ assertion, apiKey }) => {
          expectTypeOf(assertion).toEqualTypeOf<string>();
          return { token: assertion, key: apiKey };
        },
        tokenField: "data.token",
        expiresInField: "data.expires_in",
        errorField: "code",
      },
    },
  },
});
// profile may answer null: the anonymous defaults apply.
widgetTokens({ identify, providers: { jackpot: { ...base, profile: () => null } } });

// @ts-expect-error the base URL is required
widgetTokens({ identify, providers: { jackpot: { apiKey: "k", apiSignature: "s" } } });

// @ts-expect-error a misspelled option
widgetTokens({ identify, providers: { jackpot: { ...base, timeoutms: 5000 } } });

// @ts-expect-error a misspelled exchange option
widgetTokens({ identify, providers: { jackpot: { ...base, exchange: { tokenfield: "t" } } } });

// @ts-expect-error age is a number
widgetTokens({ identify, providers: { jackpot: { ...base, profile: () => ({ age: "30" }) } } });

widgetTokens({
  identify,
  // @ts-expect-error the exchange body is built from {assertion, apiKey}
  providers: { jackpot: { ...base, exchange: { body: (a: string) => ({ a }) } } },
});

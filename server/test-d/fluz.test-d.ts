/**
 * Type tests of `providers.fluz` (checked by `tsc`, never run). Each
 * `@ts-expect-error` must meet an error, or the check fails.
 */
import { expectTypeOf } from "vitest";
import { type FluzIssued, type FluzOptions, type WidgetUser, widgetTokens } from "../src/index.js";

const identify = () => null;
const apiKey = "key";
const apiSecret = "secret-secret-secret-secret-secret";

// Every option, and onIssued's argument inferred (no implicit any).
widgetTokens({
  identify,
  providers: {
    fluz: {
      apiKey,
      apiSecret,
      expiresIn: "1d",
      maxAmount: 10_000,
      onIssued: async ({ jti, user, amount, transactionType, expiresAt }) => {
        expectTypeOf(jti).toEqualTypeOf<string>();
        expectTypeOf(user).toEqualTypeOf<WidgetUser>();
        expectTypeOf(amount).toEqualTypeOf<number>();
        expectTypeOf(transactionType).toEqualTypeOf<"DEPOSIT" | "WITHDRAW">();
        expectTypeOf(expiresAt).toEqualTypeOf<Date>();
      },
    },
  },
});
widgetTokens({ identify, providers: { fluz: { apiKey, apiSecret, expiresIn: 900 } } });
expectTypeOf<Parameters<NonNullable<FluzOptions["onIssued"]>>[0]>().toEqualTypeOf<FluzIssued>();

// @ts-expect-error the API secret is required
widgetTokens({ identify, providers: { fluz: { apiKey } } });

// @ts-expect-error the API key is required
widgetTokens({ identify, providers: { fluz: { apiSecret } } });

// @ts-expect-error a misspelled option
widgetTokens({ identify, providers: { fluz: { apiKey, apiSecret, expiresin: "1h" } } });

// @ts-expect-error a misspelled required option
widgetTokens({ identify, providers: { fluz: { apiKye: apiKey, apiSecret } } });

// @ts-expect-error the secret is a string
widgetTokens({ identify, providers: { fluz: { apiKey, apiSecret: 42 } } });

// @ts-expect-error maxAmount is a number
widgetTokens({ identify, providers: { fluz: { apiKey, apiSecret, maxAmount: "10000" } } });

// @ts-expect-error expiresIn is seconds or a string like "1h"
widgetTokens({ identify, providers: { fluz: { apiKey, apiSecret, expiresIn: true } } });

widgetTokens({
  identify,
  providers: {
    fluz: {
      apiKey,
      apiSecret,
      // @ts-expect-error onIssued gets a FluzIssued: its jti is a string
      onIssued: (issued: { jti: number }) => {
        void issued;
      },
    },
  },
});

widgetTokens({
  identify,
  providers: {
    fluz: {
      apiKey,
      apiSecret,
      // @ts-expect-error no such field on what onIssued gets
      onIssued: ({ notificationKey }) => {
        void notificationKey;
      },
    },
  },
});

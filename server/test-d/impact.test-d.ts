/**
 * Type tests of `providers.impact` (checked by `tsc`, never run). Each
 * `@ts-expect-error` must meet an error, or the check fails.
 */
import { expectTypeOf } from "vitest";
import { type WidgetUser, widgetTokens } from "../src/index.js";

const identify = () => null;
const base = {
  accountSid: "IRxxxx",
  authToken: "token-token-token-token-token-token",
  tenantAlias: "t",
};

widgetTokens({
  identify,
  providers: {
    impact: {
      ...base,
      expiresIn: "1h",
      accountId: async (user) => {
        expectTypeOf(user).toEqualTypeOf<WidgetUser>();
        return `acct-${user.id}`;
      },
    },
  },
});

// @ts-expect-error the tenant alias is required
widgetTokens({ identify, providers: { impact: { accountSid: "IRxxxx", authToken: "t" } } });

// @ts-expect-error the auth token is required
widgetTokens({ identify, providers: { impact: { accountSid: "IRxxxx", tenantAlias: "t" } } });

// @ts-expect-error a misspelled option
widgetTokens({ identify, providers: { impact: { ...base, acountId: () => "a" } } });

// @ts-expect-error accountId is a hook, not a value
widgetTokens({ identify, providers: { impact: { ...base, accountId: "acct-1" } } });

// @ts-expect-error accountId answers a string
widgetTokens({ identify, providers: { impact: { ...base, accountId: () => 42 } } });

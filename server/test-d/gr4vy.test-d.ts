/**
 * Type tests of `providers.gr4vy` (checked by `tsc`, never run). Each
 * `@ts-expect-error` must meet an error, or the check fails.
 */
import { generateKeyPairSync } from "node:crypto";
import type { Request } from "express";
import { expectTypeOf } from "vitest";
import {
  type Gr4vyCheckoutContext,
  type Gr4vyIssued,
  type WidgetUser,
  widgetTokens,
} from "../src/index.js";

const identify = () => null;
const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
const checkout = () => ({ amount: 1299, currency: "USD" });

// The checkout hook gets Express's Request, the user and the context, all inferred.
widgetTokens({
  identify,
  providers: {
    gr4vy: {
      gr4vyId: "acme",
      privateKey,
      environment: "production",
      checkout: async (req, user, ctx) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        expectTypeOf(user).toEqualTypeOf<WidgetUser>();
        expectTypeOf(ctx).toEqualTypeOf<Gr4vyCheckoutContext>();
        return {
          amount: 1299,
          currency: "USD",
          cartItems: [{ name: "Tea", quantity: 1, unitAmount: 1299 }],
          metadata: { order: req.get("x-order-id") ?? "none" },
        };
      },
      expiresIn: "1h",
      maxAmount: 99_999,
      maxCartItems: 10,
      maxMetadataKeys: 5,
      issuer: "shop",
      onIssued: ({ jti, checkout, checkoutSessionId }) => {
        expectTypeOf(jti).toEqualTypeOf<string>();
        expectTypeOf(checkout.amount).toEqualTypeOf<number>();
        expectTypeOf(checkoutSessionId).toEqualTypeOf<string | undefined>();
      },
    },
  },
});
// A PEM string works as well as a KeyObject.
widgetTokens({
  identify,
  providers: { gr4vy: { gr4vyId: "acme", privateKey: "-----", checkout } },
});
expectTypeOf<Gr4vyIssued["checkoutSessionId"]>().toEqualTypeOf<string | undefined>();

// @ts-expect-error the checkout hook is required
widgetTokens({ identify, providers: { gr4vy: { gr4vyId: "acme", privateKey } } });

// @ts-expect-error the private key is required
widgetTokens({ identify, providers: { gr4vy: { gr4vyId: "acme", checkout } } });

widgetTokens({
  identify,
  // @ts-expect-error only "sandbox" or "production"
  providers: { gr4vy: { gr4vyId: "a", privateKey, checkout, environment: "staging" } },
});

widgetTokens({
  identify,
  // @ts-expect-error a misspelled option
  providers: { gr4vy: { gr4vyId: "a", privateKey, checkout, maxCartItem: 3 } },
});

widgetTokens({
  identify,
  providers: {
    // @ts-expect-error the amount is in minor units: a number
    gr4vy: { gr4vyId: "a", privateKey, checkout: () => ({ amount: "12.99", currency: "USD" }) },
  },
});

widgetTokens({
  identify,
  providers: {
    gr4vy: {
      gr4vyId: "a",
      privateKey,
      // @ts-expect-error the hook's first argument is the request, not the user
      checkout: (user: WidgetUser, req: Request) => ({
        amount: user.id.length + Number(req.ip),
        currency: "USD",
      }),
    },
  },
});

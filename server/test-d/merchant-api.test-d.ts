/**
 * Type tests of `providers.merchantApi` and `createMerchantApiClient`
 * (checked by `tsc`, never run). Each `@ts-expect-error` must meet an
 * error, or the check fails.
 */
import type { Request } from "express";
import { expectTypeOf } from "vitest";
import {
  type MerchantApiClient,
  type WidgetUser,
  createMerchantApiClient,
  memoryStore,
  widgetTokens,
} from "../src/index.js";

const identify = () => null;
const baseUrl = "https://api.merchant.example";

// Both modes of the client.
const client = createMerchantApiClient({
  baseUrl,
  merchantId: "m-1",
  email: "ops@shop.example",
  password: "hunter2",
  store: memoryStore(),
  timeoutMs: 10_000,
  refreshMarginMs: 60_000,
  keyPrefix: "merchant-api:",
  loginFailureBackoffMs: 10_000,
  logger: console,
});
expectTypeOf(client).toEqualTypeOf<MerchantApiClient>();
createMerchantApiClient({ baseUrl, apiKey: "key" });

// The proxy, with a per-call policy typed by its own context.
widgetTokens({
  identify,
  providers: {
    merchantApi: {
      client,
      expose: [
        {
          method: "POST",
          path: "/v2/customer/create",
          idempotent: true,
          authorize: ({ provider, user, request, req }) => {
            expectTypeOf(provider).toEqualTypeOf<"merchantApi">();
            expectTypeOf(user).toEqualTypeOf<WidgetUser>();
            expectTypeOf(request).toEqualTypeOf<Record<string, unknown>>();
            expectTypeOf(req).toEqualTypeOf<Request>();
            return request.email === user.email;
          },
        },
        { method: "GET", path: "/v2/customer" },
      ],
    },
  },
});

// @ts-expect-error the client takes one mode: apiKey or email/password, not both
createMerchantApiClient({ baseUrl, apiKey: "key", email: "e", password: "p", merchantId: "m" });

// @ts-expect-error the session mode needs a password
createMerchantApiClient({ baseUrl, merchantId: "m", email: "e" });

// @ts-expect-error a misspelled client option
createMerchantApiClient({ baseUrl, apiKey: "key", timeoutMS: 100 });

// @ts-expect-error baseUrl is required
createMerchantApiClient({ apiKey: "key" });

// @ts-expect-error the proxy needs a client
widgetTokens({ identify, providers: { merchantApi: { expose: [] } } });

widgetTokens({
  identify,
  // @ts-expect-error no such method
  providers: { merchantApi: { client, expose: [{ method: "TRACE", path: "/v2/x" }] } },
});

widgetTokens({
  identify,
  providers: {
    // @ts-expect-error a misspelled exposed-call option
    merchantApi: { client, expose: [{ method: "GET", path: "/v2/x", idempotnt: true }] },
  },
});

// @ts-expect-error the client is one made by createMerchantApiClient
widgetTokens({ identify, providers: { merchantApi: { client: { baseUrl }, expose: [] } } });

/// <reference types="cookie-session" />
/**
 * Type tests of the core options: `tsc` (npm run typecheck) checks this file;
 * nothing runs it. Every `@ts-expect-error` must meet an error: an unused one
 * fails the check, so each line below proves a mistake does not compile.
 */
import type { Request } from "express";
import { expectTypeOf } from "vitest";
import {
  type AuthorizeContext,
  type FluzRequest,
  type Gr4vyRequest,
  type HealthReport,
  type ImpactRequest,
  type JackpotRequest,
  type LoaderOptions,
  type MerchantApiProxyRequest,
  type ProviderId,
  type WidgetTokensOptions,
  type WidgetUser,
  memoryStore,
  redisStore,
  widgetTokens,
} from "../src/index.js";

// The merchant's own declaration merging, as express-session or passport do it.
declare global {
  namespace Express {
    interface Request {
      shopper?: { id: string; email: string };
    }
  }
}

const fluz = { apiKey: "key", apiSecret: "secret-secret-secret-secret-secret" };

// The README's shape compiles: hooks get Express's Request, with the app's session on it.
widgetTokens({
  identify: (req) => {
    expectTypeOf(req).toEqualTypeOf<Request>();
    expectTypeOf(req.get("x-test")).toEqualTypeOf<string | undefined>();
    // cookie-session's declaration merging…
    const fromSession = req.session?.user as { id: string } | undefined;
    // …and the merchant's own.
    expectTypeOf(req.shopper).toEqualTypeOf<{ id: string; email: string } | undefined>();
    return req.shopper ? { id: req.shopper.id, email: req.shopper.email } : (fromSession ?? null);
  },
  authorize: async ({ provider, user, request, req }) => {
    expectTypeOf(provider).toEqualTypeOf<ProviderId>();
    expectTypeOf(user).toEqualTypeOf<WidgetUser>();
    expectTypeOf(req).toEqualTypeOf<Request>();
    expectTypeOf(request).toEqualTypeOf<
      FluzRequest | Gr4vyRequest | ImpactRequest | JackpotRequest | MerchantApiProxyRequest
    >();
    return true;
  },
  allowedOrigins: ["https://shop.example"],
  providers: { fluz },
  store: memoryStore(),
  bodyLimit: 16_384,
  bodyTimeoutMs: 10_000,
  rateLimit: { perUser: { limit: 30, windowMs: 60_000 }, perIp: false, failOpen: false },
  idempotencyTtlMs: 60_000,
  loader: false,
  corsAllowHeaders: ["X-Csrf-Token"],
  logger: console,
  now: () => Date.now(),
});

// authorize's context is a union discriminated by provider.
const authorize = (ctx: AuthorizeContext): boolean => {
  switch (ctx.provider) {
    case "fluz":
      expectTypeOf(ctx.request).toEqualTypeOf<FluzRequest>();
      return ctx.request.transactionType === "DEPOSIT" || ctx.request.amount <= 100;
    case "jackpot":
      expectTypeOf(ctx.request.amount).toEqualTypeOf<number>();
      return true;
    case "gr4vy":
      expectTypeOf(ctx.request.checkoutSessionId).toEqualTypeOf<string | undefined>();
      return true;
    case "impact":
      expectTypeOf(ctx.request.locale).toEqualTypeOf<string | undefined>();
      return true;
    case "merchantApi":
      expectTypeOf(ctx.request).toEqualTypeOf<Record<string, unknown>>();
      return true;
  }
};
widgetTokens({ identify: () => null, authorize, providers: { fluz } });

// A provider can be switched off with false.
widgetTokens({ identify: () => null, providers: { fluz, impact: false } });

// The middleware has a draining close() and health().
expectTypeOf(widgetTokens({ identify: () => null, providers: { fluz } }).close).toEqualTypeOf<
  (options?: { timeoutMs?: number }) => Promise<void>
>();
expectTypeOf(widgetTokens({ identify: () => null, providers: { fluz } }).health).toEqualTypeOf<
  () => Promise<HealthReport>
>();

// @ts-expect-error identify is required
widgetTokens({ providers: { fluz } });

// @ts-expect-error providers is required
widgetTokens({ identify: () => null });

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a misspelled core option
  bodylimit: 1024,
});

widgetTokens({
  identify: () => null,
  // @ts-expect-error an unknown provider
  providers: { fluzz: fluz },
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a wrong type
  bodyLimit: "16kb",
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error allowedOrigins is a list
  allowedOrigins: "https://shop.example",
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a misspelled rate limit rule
  rateLimit: { perUSer: false },
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a rate limit rule needs a window
  rateLimit: { perIp: { limit: 5 } },
});

widgetTokens({
  // @ts-expect-error identify returns a user with a string id, or null
  identify: () => ({ id: 42 }),
  providers: { fluz },
});

widgetTokens({
  // @ts-expect-error identify gets a request, not a string
  identify: (req: string) => (req ? null : null),
  providers: { fluz },
});

widgetTokens({
  identify: () => null,
  // @ts-expect-error authorize answers a boolean
  authorize: () => "yes",
  providers: { fluz },
});

widgetTokens({
  identify: () => null,
  // @ts-expect-error a Fluz request has no checkoutSessionId: the hook must narrow on provider first
  authorize: ({ request }) => request.checkoutSessionId !== undefined,
  providers: { fluz },
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a store is a Store
  store: { get: () => null },
});

// The stores' own options.
redisStore({ url: "redis://127.0.0.1:6379" }, { prefix: "shop:wt:", commandTimeoutMs: 500 });
// @ts-expect-error a misspelled store option
redisStore({ url: "redis://127.0.0.1:6379" }, { prefx: "shop:wt:" });
// @ts-expect-error the connection is a url or a client
redisStore({ host: "127.0.0.1" });
// @ts-expect-error a misspelled memory store option
memoryStore({ sweepInterval: 1000 });

// The drop-in loader: on (default), off, or for pages on another site.
widgetTokens({ identify: () => null, providers: { fluz }, loader: true });
widgetTokens({ identify: () => null, providers: { fluz }, loader: { crossOrigin: true } });
widgetTokens({ identify: () => null, providers: { fluz }, loader: {} });
const loaderOptions: LoaderOptions = { crossOrigin: false };
widgetTokens({ identify: () => null, providers: { fluz }, loader: loaderOptions });

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error a misspelled loader option
  loader: { crossorigin: true },
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error crossOrigin is a boolean
  loader: { crossOrigin: "yes" },
});

widgetTokens({
  identify: () => null,
  providers: { fluz },
  // @ts-expect-error loader is a boolean or { crossOrigin }
  loader: "cross-origin",
});

// The whole options object has a name to build it apart.
const options: WidgetTokensOptions = { identify: () => null, providers: { fluz } };
widgetTokens(options);

// Observability: a prom-client registry and a pino logger fit, with no cast.
{
  const { Registry } = await import("prom-client");
  const { default: pino } = await import("pino");
  widgetTokens({
    identify: () => null,
    providers: { fluz },
    metrics: { registry: new Registry() },
    logger: pino(),
  });
  // A console-style logger still fits.
  widgetTokens({ identify: () => null, providers: { fluz }, logger: console });
  widgetTokens({
    identify: () => null,
    providers: { fluz },
    // @ts-expect-error a registry must be a prom-client Registry
    metrics: { registry: {} },
  });
  widgetTokens({
    identify: () => null,
    providers: { fluz },
    // @ts-expect-error metrics take a registry, nothing else
    metrics: { registry: new Registry(), prefix: "x" },
  });
}

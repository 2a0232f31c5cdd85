/**
 * Type tests of the mount as a merchant's app writes it (issue 22, item 1),
 * under what today's `tsc --init` turns on: `exactOptionalPropertyTypes` and
 * `noUncheckedIndexedAccess` (this repo's tsconfig sets both). `tsc` (npm run
 * typecheck) checks this file; nothing runs it. Each `@ts-expect-error` must
 * meet an error.
 */
import express from "express";
import express4 from "express4";
import { Cluster, Redis } from "ioredis";
import {
  type FluzOptions,
  type WidgetTokensOptions,
  type WidgetUser,
  redisStore,
  widgetTokens,
} from "../src/index.js";

const fluz = { apiKey: "key", apiSecret: "secret-secret-secret-secret-secret" };

/** A session lookup as a strict app has it: every optional field may be there as `undefined`. */
declare function shopperOf(req: unknown): { id: string; email: string | undefined } | undefined;

const options = {
  identify: (req) => {
    const shopper = shopperOf(req);
    // `email: string | undefined` is a WidgetUser (not only "email absent").
    return shopper ? { id: shopper.id, email: shopper.email, locale: undefined } : null;
  },
  providers: { fluz },
} satisfies WidgetTokensOptions;

// Express 5's app.use takes the middleware, at a path or not.
express().use("/api/widgets", widgetTokens(options));
express().use(widgetTokens(options));
express.Router().use("/widget-tokens", widgetTokens(options));
// So does Express 4's (its Request has `ip: string`, Express 5's `ip: string | undefined`).
express4().use("/api/widgets", widgetTokens(options));
express4.Router().use("/widget-tokens", widgetTokens(options));

// Options read from the environment: an unset variable is `undefined`, the same as leaving it out.
const fromEnv: FluzOptions = {
  apiKey: process.env.FLUZ_API_KEY ?? "",
  apiSecret: process.env.FLUZ_API_SECRET ?? "",
  expiresIn: process.env.FLUZ_TOKEN_TTL,
  maxAmount: undefined,
};
widgetTokens({ ...options, providers: { fluz: fromEnv }, allowedOrigins: undefined });

const user: WidgetUser = { id: "u1", email: undefined, firstName: undefined };
void user;

// The Redis store takes an ioredis client or Cluster, though its declarations do not import ioredis.
redisStore({ client: new Redis({ lazyConnect: true }) });
redisStore({ client: new Cluster([{ host: "127.0.0.1", port: 7000 }], { lazyConnect: true }) });
// @ts-expect-error a plain object is not a Redis client
redisStore({ client: { status: "ready" } });
// @ts-expect-error the identity must have an id
widgetTokens({ ...options, identify: () => ({ email: "a@b.example" }) });
// @ts-expect-error no such provider
widgetTokens({ ...options, providers: { fluzz: fluz } });

/**
 * Type tests of the option parts `WidgetTokensOptions` is composed of: each
 * part's type is exported on its own (helmet's model), and the whole is
 * exactly their composition. `tsc` (npm run typecheck) checks this file;
 * every `@ts-expect-error` must meet an error.
 */
import { expectTypeOf } from "vitest";
import type {
  BodyOptions,
  HealthOptions,
  HookOptions,
  IdempotencyOptions,
  MetricsOptions,
  OriginOptions,
  RateLimitOptions,
  WidgetTokensOptions,
} from "../src/index.js";

// The whole takes each part: every part's type is the whole's, key for key.
expectTypeOf<WidgetTokensOptions>().toMatchTypeOf<HookOptions>();
expectTypeOf<WidgetTokensOptions>().toMatchTypeOf<OriginOptions>();
expectTypeOf<WidgetTokensOptions>().toMatchTypeOf<BodyOptions>();
expectTypeOf<WidgetTokensOptions>().toMatchTypeOf<IdempotencyOptions>();
expectTypeOf<WidgetTokensOptions>().toMatchTypeOf<HealthOptions>();
expectTypeOf<WidgetTokensOptions["rateLimit"]>().toEqualTypeOf<RateLimitOptions | undefined>();
expectTypeOf<WidgetTokensOptions["metrics"]>().toEqualTypeOf<MetricsOptions | undefined>();

// IdempotencyOptions: a TTL in ms and a list of secrets.
const idempotency: IdempotencyOptions = {
  idempotencyTtlMs: 60_000,
  sealingSecrets: ["a-sealing-secret-of-at-least-32-characters"],
};
expectTypeOf(idempotency.sealingSecrets).toEqualTypeOf<string[] | undefined>();
// @ts-expect-error the TTL is a number of ms, not a duration string
({ idempotencyTtlMs: "1d" }) satisfies IdempotencyOptions;
// @ts-expect-error sealingSecrets is a list, even for one secret
({ sealingSecrets: "a-sealing-secret-of-32-characters" }) satisfies IdempotencyOptions;
// @ts-expect-error a misspelled idempotency option
({ idempotencyTTLMs: 60_000 }) satisfies IdempotencyOptions;

// HealthOptions: the longest each check waits, in ms.
const health: HealthOptions = { healthTimeoutMs: 500 };
expectTypeOf(health.healthTimeoutMs).toEqualTypeOf<number | undefined>();
// @ts-expect-error healthTimeoutMs is a number of ms
({ healthTimeoutMs: "1s" }) satisfies HealthOptions;
// @ts-expect-error a misspelled health option
({ healthTimeout: 500 }) satisfies HealthOptions;

// BodyOptions and OriginOptions keep their shapes.
// @ts-expect-error bodyLimit is a number of bytes, not "16kb"
({ bodyLimit: "16kb" }) satisfies BodyOptions;
// @ts-expect-error corsAllowHeaders is a list of header names
({ corsAllowHeaders: "X-Csrf-Token" }) satisfies OriginOptions;

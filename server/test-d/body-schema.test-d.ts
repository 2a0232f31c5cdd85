/**
 * Type tests of route bodies declared as data: a `BodySchema<Parsed>` is
 * checked against the route's parsed request type, and each route's parsed
 * request has exactly the keys of its HTTP contract (`TokenRequest`).
 * `tsc` checks this file; every `@ts-expect-error` must meet an error.
 */
import type { TokenRequest } from "@widget-tokens/shared";
import { expectTypeOf } from "vitest";
import type { BodySchema } from "../src/http/body-schema.js";
import type { FluzRequest, Gr4vyRequest, ImpactRequest, JackpotRequest } from "../src/index.js";

// Each route's parsed request names the fields of its wire body, no more, no fewer.
expectTypeOf<keyof FluzRequest>().toEqualTypeOf<keyof TokenRequest<"fluz">>();
expectTypeOf<keyof ImpactRequest>().toEqualTypeOf<keyof TokenRequest<"impact">>();
expectTypeOf<keyof Gr4vyRequest>().toEqualTypeOf<keyof TokenRequest<"gr4vy">>();
expectTypeOf<keyof JackpotRequest>().toEqualTypeOf<keyof TokenRequest<"jackpot">>();

const fluz = {
  fields: {
    amount: { type: "amount", max: 10_000 },
    transactionType: { type: "enum", values: ["DEPOSIT", "WITHDRAW"] },
  },
} satisfies BodySchema<FluzRequest>;
expectTypeOf(fluz.fields.amount.max).toEqualTypeOf<number>();

({
  // @ts-expect-error a field the request does not have
  fields: { amount: { type: "amount", max: 1 }, currency: { type: "enum", values: ["USD"] } },
}) satisfies BodySchema<JackpotRequest>;

// @ts-expect-error a field of the request left undeclared
({ fields: { amount: { type: "amount", max: 1 } } }) satisfies BodySchema<FluzRequest>;

({
  fields: {
    amount: { type: "amount", max: 1 },
    // @ts-expect-error values outside the request's union
    transactionType: { type: "enum", values: ["DEPOSIT", "REFUND"] },
  },
}) satisfies BodySchema<FluzRequest>;

({
  // @ts-expect-error an amount is a number: a string field cannot declare it
  fields: { amount: { type: "string", optional: true, pattern: /x/, format: "be x" } },
}) satisfies BodySchema<JackpotRequest>;

({
  fields: {
    // @ts-expect-error an optional request field must be declared optional
    checkoutSessionId: { type: "enum", values: ["a"] },
  },
}) satisfies BodySchema<Gr4vyRequest>;

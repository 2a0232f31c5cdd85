import { parseAmount } from "@widget-tokens/shared";
import { invalidRequest } from "../errors.js";

/** A required amount in major units (`50`, `"50.00"`), at most `max`: read with `parseAmount`. */
export interface AmountField {
  type: "amount";
  max: number;
}

/** A required string, one of `values`. */
export interface EnumField<V extends string = string> {
  type: "enum";
  values: readonly V[];
}

/**
 * An optional string matching `pattern`; `format` completes the message
 * ("must `format`"). `null` is refused unless `nullIsAbsent`.
 */
export interface PatternField {
  type: "string";
  optional: true;
  pattern: RegExp;
  format: string;
  nullIsAbsent?: boolean;
}

/** A field the route does not take here (absent or null is fine): `reason` says why. */
export interface RefusedField {
  type: "refused";
  optional: true;
  reason: string;
}

/** Which field declarations fit a parsed value's type. */
type FieldFor<T> = [T] extends [number]
  ? AmountField
  : [T] extends [string]
    ? string extends T
      ? PatternField | RefusedField
      : EnumField<T>
    : never;

/** A field required in `Parsed` may not be declared optional, nor the other way round. */
type Declared<Parsed, K extends keyof Parsed> = undefined extends Parsed[K]
  ? Extract<FieldFor<Exclude<Parsed[K], undefined>>, { optional: true }>
  : Exclude<FieldFor<Parsed[K]>, { optional: true }>;

/**
 * A route's JSON body, declared as data (fastify's model): each field, in
 * the order it is checked, and what to do with keys it does not declare.
 * Typed by the route's parsed request: a field missing here, one `Parsed`
 * does not have, or one of the wrong type or optionality is a compile error.
 *
 * @example
 * const body: BodySchema<FluzRequest> = {
 *   fields: { amount: { type: "amount", max: 10_000 }, transactionType: { type: "enum", values: ["DEPOSIT", "WITHDRAW"] } },
 * };
 */
export interface BodySchema<Parsed> {
  fields: { readonly [K in keyof Parsed]-?: Declared<Parsed, K> };
  /**
   * Keys not in `fields`: ignored (absent), or each refused, checked before
   * the fields, with "<key> is not accepted: `reason`".
   */
  otherKeys?: { refuse: string };
}

/**
 * The one reader of route bodies: check `body` against a route's schema and
 * return the parsed request, or throw a 400 `INVALID_REQUEST` naming the
 * field at fault, with the route's documented message.
 *
 * @example
 * readBody(fluzBody, { amount: "50.00", transactionType: "DEPOSIT" }); // { amount: 50, transactionType: "DEPOSIT" }
 * readBody(fluzBody, { amount: "5e1", transactionType: "DEPOSIT" });  // throws 400, field "amount"
 */
export function readBody<Parsed>(
  schema: BodySchema<Parsed>,
  body: Record<string, unknown>,
): Parsed {
  const fields = schema.fields as Readonly<Record<string, Field>>;
  if (schema.otherKeys) {
    for (const name of Object.keys(body)) {
      if (!Object.hasOwn(fields, name)) {
        throw invalidRequest(name, `${name} is not accepted: ${schema.otherKeys.refuse}`);
      }
    }
  }
  const parsed: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = readField(name, field, body[name]);
    if (value !== undefined) parsed[name] = value;
  }
  return parsed as Parsed;
}

type Field = AmountField | EnumField | PatternField | RefusedField;

function readField(name: string, field: Field, value: unknown): unknown {
  switch (field.type) {
    case "amount": {
      const amount = parseAmount(value, { max: field.max });
      if (!amount.ok) throw invalidRequest(name, `${name} ${amount.reason}`);
      return amount.value;
    }
    case "enum":
      if (!field.values.includes(value as string)) {
        throw invalidRequest(name, `${name} must be ${field.values.join(" or ")}`);
      }
      return value;
    case "string":
      if (value === undefined || (value === null && field.nullIsAbsent)) return undefined;
      if (typeof value !== "string" || !field.pattern.test(value)) {
        throw invalidRequest(name, `${name} must ${field.format}`);
      }
      return value;
    case "refused":
      if (value === undefined || value === null) return undefined;
      throw invalidRequest(name, `${name} is not accepted: ${field.reason}`);
  }
}

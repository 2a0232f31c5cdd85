/**
 * The amount rule, property-tested against a reference model written another
 * way (a regex and BigInt cents, no floating point): generated decimal
 * strings, JSON number texts as the server's body reader hands them over
 * (`jsonNumberFromSource`), and JavaScript numbers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAmount } from "../src/amount.js";
import { JsonNumberSource, jsonNumberFromSource } from "../src/json-number-source.js";

const MAX = 10_000;
const rules = { max: MAX };

type Model = { ok: true; value: number; cents: number } | { ok: false };

/**
 * The rule as the docs state it: a plain decimal (digits, no leading zero,
 * an optional point and digits; no sign, exponent, space), at most two
 * decimals, more than 0, at most MAX. Cents in BigInt, so nothing rounds.
 */
function model(text: string): Model {
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(text);
  if (!match) return { ok: false };
  const fraction = match[2] ?? "";
  if (fraction.length > 2) return { ok: false };
  const cents = BigInt(match[1]!) * 100n + BigInt(fraction.padEnd(2, "0"));
  if (cents < 1n || cents > BigInt(MAX) * 100n) return { ok: false };
  return { ok: true, value: Number(cents) / 100, cents: Number(cents) };
}

function expectModel(actual: ReturnType<typeof parseAmount>, expected: Model): void {
  if (expected.ok) expect(actual).toEqual(expected);
  else expect(actual.ok).toBe(false);
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

/** Mostly plausible amounts ("50", "50.2", "0.01", "010", "10000.001"), some junk. */
const decimalStrings = fc.oneof(
  fc
    .tuple(digits(1, 7), fc.option(digits(0, 4), { nil: undefined }))
    .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`)),
  fc.integer({ min: 0, max: MAX * 100 + 50 }).map((c) => (c / 100).toFixed(2)),
  fc
    .tuple(
      fc.constantFrom("", "-", "+", " ", "0x", "."),
      digits(1, 5),
      fc.constantFrom("", "e3", "E-1", ".", " "),
    )
    .map(([a, b, c]) => `${a}${b}${c}`),
  fc.string({ maxLength: 12 }),
);

/** Every shape of JSON number token: sign, integer, fraction, exponent. */
const jsonNumberTexts = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.constant("0"),
      fc.tuple(fc.constantFrom(..."123456789"), digits(0, 6)).map(([a, b]) => a + b),
    ),
    fc.option(digits(1, 20), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 3)), {
      nil: undefined,
    }),
  )
  .map(
    ([negative, int, frac, exp]) =>
      `${negative ? "-" : ""}${int}${frac === undefined ? "" : `.${frac}`}${exp === undefined ? "" : exp.join("")}`,
  );

describe("parseAmount against its reference model", () => {
  it("decimal strings", () => {
    fc.assert(
      fc.property(decimalStrings, (text) => expectModel(parseAmount(text, rules), model(text))),
      { numRuns: 5_000 },
    );
  });

  it("JSON number texts, as the body reader keeps them: judged on the text that was sent", () => {
    fc.assert(
      fc.property(jsonNumberTexts, (text) => {
        // A JSON number is never a string, but the rule is the same: what was typed.
        expectModel(parseAmount(jsonNumberFromSource(text), rules), model(text));
        // ...and the same verdict as the string form, which the docs promise.
        expect(parseAmount(jsonNumberFromSource(text), rules).ok).toBe(parseAmount(text, rules).ok);
      }),
      { numRuns: 5_000 },
    );
  });

  it("JavaScript numbers: accepted exactly when they are a whole number of cents in range", () => {
    const numbers = fc.oneof(
      fc.integer({ min: -5, max: MAX * 100 + 5 }).map((c) => c / 100),
      fc.double({ min: -1, max: MAX * 2, noNaN: false }),
      fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-7, 1e21, 0.1 + 0.2),
    );
    fc.assert(
      fc.property(numbers, (n) => {
        const inCents = Number.isFinite(n) && n >= 0.01 && n <= MAX && Number(n.toFixed(2)) === n;
        const result = parseAmount(n, rules);
        expect(result.ok).toBe(inCents);
        if (result.ok) expect(result.cents).toBe(Math.round(n * 100));
      }),
      { numRuns: 5_000 },
    );
  });

  it("the three amounts from the attack are refused as their string forms are", () => {
    for (const text of ["1e3", "5e-1", "50.0000000000000001"]) {
      const asNumber = parseAmount(jsonNumberFromSource(text), rules);
      expect(asNumber).toEqual(parseAmount(text, rules));
      expect(asNumber.ok).toBe(false);
    }
    expect(parseAmount(new JsonNumberSource("-0"), rules)).toEqual({
      ok: false,
      reason: "must be greater than 0",
    });
  });
});

describe("jsonNumberFromSource", () => {
  it("keeps a number as a number only when its text is how JavaScript writes it", () => {
    fc.assert(
      fc.property(jsonNumberTexts, (text) => {
        const value = jsonNumberFromSource(text);
        if (typeof value === "number") {
          expect(String(value)).toBe(text);
        } else {
          expect(value.source).toBe(text);
          // Everywhere else it is the number JSON.parse would give.
          expect(Number(value)).toBe(JSON.parse(text));
          expect(JSON.stringify({ n: value })).toBe(JSON.stringify({ n: JSON.parse(text) }));
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { parseAmount } from "../src/amount.js";

const rules = { max: 10_000 };

describe("parseAmount", () => {
  it.each([
    [50, 50, 5000],
    ["50", 50, 5000],
    ["50.5", 50.5, 5050],
    ["50.25", 50.25, 5025],
    [0.01, 0.01, 1],
    ["0.01", 0.01, 1],
    [10_000, 10_000, 1_000_000],
    ["10000.00", 10_000, 1_000_000],
    [19.99, 19.99, 1999],
  ])("accepts %j as %d (%d cents)", (input, value, cents) => {
    expect(parseAmount(input, rules)).toEqual({ ok: true, value, cents });
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["-0", -0],
    ["zero", 0],
    ["negative", -5],
    ["three decimals", 1.005],
    ["over the maximum", 10_000.01],
    ["exponent string", "1e3"],
    ["exponent upper", "1E2"],
    ["tiny number (exponent form)", 1e-7],
    ["hex string", "0x10"],
    ["octal-looking", "010"],
    ["leading plus", "+5"],
    ["leading minus", "-5"],
    ["whitespace", " 5"],
    ["trailing dot", "5."],
    ["leading dot", ".5"],
    ["comma", "5,00"],
    ["empty string", ""],
    ["string NaN", "NaN"],
    ["string Infinity", "Infinity"],
    ["three decimal string", "1.001"],
    ["array", [5]],
    ["object", { amount: 5 }],
    ["boolean", true],
    ["null", null],
    ["undefined", undefined],
    ["bigint", 5n],
    ["unicode digits", "５"],
    ["very long", "1".repeat(40)],
    ["unsafe integer", 2 ** 60],
  ])("refuses %s", (_name, input) => {
    const result = parseAmount(input, rules);
    expect(result.ok).toBe(false);
  });

  it("honours min and decimals", () => {
    expect(parseAmount("5", { max: 100, min: 10 }).ok).toBe(false);
    expect(parseAmount("5", { max: 100, decimals: 0 })).toEqual({ ok: true, value: 5, cents: 5 });
    expect(parseAmount("5.5", { max: 100, decimals: 0 }).ok).toBe(false);
  });

  it("says why in words", () => {
    expect(parseAmount("1e3", rules)).toEqual({
      ok: false,
      reason: "must be a plain decimal such as 50 or 50.25",
    });
    expect(parseAmount(20_000, rules)).toEqual({ ok: false, reason: "must be at most 10000" });
  });
});

import { isJsonNumberSource } from "./json-number-source.js";

/**
 * Amount rules shared by the server (which enforces them) and the client
 * (which can check input before a round trip).
 *
 * A money amount in major units ("dollars and cents"): a JSON number or a
 * plain decimal string, greater than zero, with at most two decimals and at
 * most `max`. Exponents, hex, signs, whitespace, NaN, Infinity and -0 are
 * refused: a pre-authorization must never be minted for a value that a
 * person did not literally type. A JSON number the server's body reader kept
 * as its source text (`JsonNumberSource`: `1e3`, `50.0000000000000001`) is
 * judged on that text, exactly as the same text in a string.
 */
export interface AmountRules {
  /** Largest accepted amount, inclusive. */
  max: number;
  /** Smallest accepted amount, inclusive; defaults to 0.01. */
  min?: number;
  /** Decimals allowed; defaults to 2. */
  decimals?: number;
}

export type AmountResult =
  | { ok: true; value: number; cents: number }
  | { ok: false; reason: string };

const DECIMAL = /^(0|[1-9][0-9]{0,14})(\.([0-9]+))?$/;

/**
 * Parse and check an amount in major units.
 *
 * @example
 * parseAmount("50.00", { max: 10_000 }); // { ok: true, value: 50, cents: 5000 }
 * parseAmount("1e3", { max: 10_000 });   // { ok: false, reason: "…" }
 */
export function parseAmount(input: unknown, rules: AmountRules): AmountResult {
  const decimals = rules.decimals ?? 2;
  let text: string;
  if (isJsonNumberSource(input)) {
    // A JSON number the body reader kept as text (`1e3`, `50.0000000000000001`):
    // judged on what was sent, as its string form is, not on the rounded value.
    if (input.source.startsWith("-")) return { ok: false, reason: "must be greater than 0" };
    text = input.source;
  } else if (typeof input === "number") {
    if (!Number.isFinite(input)) return { ok: false, reason: "must be a finite number" };
    if (Object.is(input, -0) || input < 0) return { ok: false, reason: "must be greater than 0" };
    // Number#toString gives exponent notation for tiny and huge values; both are refused below.
    text = String(input);
  } else if (typeof input === "string") {
    text = input;
  } else {
    return { ok: false, reason: "must be a number or a decimal string" };
  }
  if (text.length === 0) return { ok: false, reason: "must not be empty" };
  if (text.length > 32) return { ok: false, reason: "is too long" };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, reason: "must be a plain decimal such as 50 or 50.25" };
  const fraction = match[3] ?? "";
  if (fraction.length > decimals) {
    return { ok: false, reason: `must have at most ${decimals} decimals` };
  }
  const scale = 10 ** decimals;
  const minor = Number(match[1]) * scale + Number(fraction.padEnd(decimals, "0") || "0");
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: "is too large" };
  const value = minor / scale;
  const min = rules.min ?? 1 / scale;
  if (value <= 0 || value < min) return { ok: false, reason: `must be at least ${min}` };
  if (value > rules.max) return { ok: false, reason: `must be at most ${rules.max}` };
  return { ok: true, value, cents: minor };
}

const BRAND = Symbol.for("@widget-tokens/json-number-source");

/**
 * A JSON number whose source text is not exactly how JavaScript writes the
 * number it parses to: `1e3` (1000), `5e-1`, `50.0000000000000001` (50),
 * `50.00`, `-0`. The server's body reader keeps such a number as this
 * wrapper, so `parseAmount` can judge the text the person actually sent
 * (and refuse `1e3` as it refuses the string `"1e3"`) instead of the value
 * JSON.parse would have rounded it to.
 *
 * Anywhere else it behaves as the number: `valueOf()` is the parsed value
 * (so `+n`, `n > 5` work) and `JSON.stringify` writes that number, exactly
 * as a JSON.parse / JSON.stringify round trip would.
 *
 * @example
 * const n = new JsonNumberSource("1e3");
 * n.source;            // "1e3"
 * Number(n);           // 1000
 * JSON.stringify({ n }); // '{"n":1000}'
 */
export class JsonNumberSource {
  /** The number's text, exactly as it appeared in the JSON. */
  readonly source: string;
  readonly [BRAND] = true;

  constructor(source: string) {
    this.source = source;
    Object.freeze(this);
  }

  /** The value JSON.parse gives for the same text. */
  valueOf(): number {
    return Number(this.source);
  }

  toString(): string {
    return this.source;
  }

  toJSON(): number {
    return Number(this.source);
  }
}

/**
 * Whether `value` is a `JsonNumberSource`, also one made by another copy of
 * this module (a bundled client next to the server's, say).
 */
export function isJsonNumberSource(value: unknown): value is JsonNumberSource {
  return (
    value instanceof JsonNumberSource ||
    (typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true &&
      typeof (value as { source?: unknown }).source === "string")
  );
}

/**
 * The value of a JSON number token: the number itself when the text is
 * exactly how JavaScript writes that number (`50`, `50.25`, `-5`, `0.1`),
 * otherwise a `JsonNumberSource` keeping the text (`1e3`, `50.00`, `-0`,
 * `50.0000000000000001`, `0.30000000000000001`).
 *
 * @example
 * jsonNumberFromSource("50.25"); // 50.25
 * jsonNumberFromSource("1e3");   // JsonNumberSource { source: "1e3" }
 */
export function jsonNumberFromSource(source: string): number | JsonNumberSource {
  const value = Number(source);
  return String(value) === source ? value : new JsonNumberSource(source);
}

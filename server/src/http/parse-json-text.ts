import { jsonNumberFromSource } from "@widget-tokens/shared";
import { type NumberParser, parse } from "lossless-json";
import { RequestError, WidgetTokensError } from "../errors.js";
import { checkTextDepth } from "./json-depth.js";
import { refusePrototypeKeys } from "./prototype-keys.js";

const toNumber: NumberParser = jsonNumberFromSource;

/**
 * Parse a request body's JSON text the way the routes need it:
 *
 * - nesting past `MAX_JSON_DEPTH` is refused first, by a scan that cannot
 *   overflow the stack (`checkTextDepth`), so nothing recursive downstream
 *   (the idempotency fingerprint, a proxy's re-serialization) ever sees it;
 * - a number keeps its source text when the text is not exactly how
 *   JavaScript writes the number (`1e3`, `50.0000000000000001`, `50.00`,
 *   `-0`): it becomes a `JsonNumberSource`, which `parseAmount` judges as it
 *   judges the same text in a string. Node 20's `JSON.parse` reviver has no
 *   source text, hence lossless-json, which hands its number parser the text;
 * - a key given twice with different values is refused: JSON.parse keeps the
 *   last, other parsers (the merchant API behind the proxy) may keep the
 *   first, and a body must mean one thing.
 *
 * - a `__proto__` key, or a `constructor` with a `prototype`, anywhere, is
 *   refused (`refusePrototypeKeys`).
 *
 * Throws `INVALID_REQUEST` for each refusal.
 *
 * @example
 * parseJsonText('{"amount": 1e3}'); // { amount: JsonNumberSource { source: "1e3" } }
 */
export function parseJsonText(text: string): unknown {
  checkTextDepth(text);
  let value: unknown;
  try {
    value = parse(text, null, {
      parseNumber: toNumber,
      onDuplicateKey: ({ key }) => {
        throw duplicateKey(key);
      },
    });
  } catch (err) {
    if (err instanceof WidgetTokensError) throw err;
    throw new RequestError("INVALID_REQUEST", "Body is not valid JSON");
  }
  if (typeof value === "object" && value !== null) refusePrototypeKeys(value);
  return value;
}

function duplicateKey(key: string): WidgetTokensError {
  const name = key.length <= 64 ? JSON.stringify(key) : "a key";
  return new RequestError("INVALID_REQUEST", `Body has ${name} more than once`);
}

import { RequestError, type WidgetTokensError } from "../errors.js";

/**
 * How deep a request body may nest: the body object itself is level 1.
 * Every route's body is flat (the merchant-API proxy's calls nest a few
 * levels at most); 32 is plenty, and far below what recursive code
 * (JSON.stringify, a recursive parser, a deep-equal) can walk without
 * overflowing the stack (about 5,000 levels, a 10 KB body).
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The 400 for a body nested past `MAX_JSON_DEPTH`. */
function tooDeep(): WidgetTokensError {
  return new RequestError("INVALID_REQUEST", `Body is nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/**
 * Refuse JSON text that nests objects and arrays deeper than
 * `MAX_JSON_DEPTH`, before any parser sees it: one pass over the characters,
 * counting brackets outside strings, no recursion. Text that is not JSON at
 * all passes through (the parser refuses it next).
 *
 * @example
 * checkTextDepth('{"a":{"b":[1]}}'); // depth 3: fine
 * checkTextDepth("[".repeat(5000));  // throws INVALID_REQUEST
 */
export function checkTextDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw tooDeep();
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}

/**
 * Refuse a parsed value (the body an app-level parser left in `req.body`)
 * that nests objects and arrays deeper than `MAX_JSON_DEPTH`: an explicit
 * stack, no recursion. A cyclic value (which no JSON text makes, but a
 * custom parser could) is infinitely deep, so it is refused the same way.
 *
 * @example
 * checkValueDepth({ a: { b: [1] } }); // depth 3: fine
 */
export function checkValueDepth(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  const stack: Array<[object, number]> = [[value, 1]];
  // A value that shares children (no JSON text makes one) could have more
  // paths than nodes; bound the walk by what a body within any limit holds.
  let budget = 1_000_000;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) throw tooDeep();
    if (--budget < 0) throw new RequestError("INVALID_REQUEST", "Body has too many values");
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
}

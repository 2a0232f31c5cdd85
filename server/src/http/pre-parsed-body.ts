import { RequestError, type WidgetTokensError } from "../errors.js";
import { checkValueDepth } from "./json-depth.js";
import { refusePrototypeKeys } from "./prototype-keys.js";
import { tooLarge } from "./read-body-stream.js";
import type { Request } from "./types.js";

/**
 * Whether something mounted before widget-tokens already read the request
 * stream, so waiting on it would wait forever.
 *
 * `req.body` says nothing by itself: body-parser 1.x (Express 4) sets it to
 * `{}` in every parser, even one that skips the request, and 2.x (Express 5)
 * sets it to `undefined`. What does tell: body-parser 1.x marks `req._body`
 * when it starts reading, and any reader (body-parser 2.x, raw-body, a
 * hand-written one) leaves the stream ended, or at least read from.
 *
 * @example
 * if (bodyConsumed(req)) return usePreParsedBody(req, limit);
 */
export function bodyConsumed(req: Request): boolean {
  return req._body === true || req.readableEnded || req.readableDidRead;
}

/**
 * The body an app-level parser left in `req.body`, when it is a JSON object
 * nested at most `MAX_JSON_DEPTH` levels, without prototype-poisoning keys
 * (`refusePrototypeKeys`), and no larger than `limit` bytes
 * (judged by Content-Length, or by its own size when the request was
 * chunked). A string or a Buffer (`express.text()` or `express.raw()` with a
 * type that matches JSON) is a 415 naming the fix; any other JSON value is
 * the usual 400.
 *
 * The number's source text is gone here: `1e3` arrives as 1000 and
 * `50.0000000000000001` as 50, indistinguishable from `1000` and `50`; only
 * what survives as a double (`50.001`, `1e-7`, `-0`) can still be refused
 * by `parseAmount`. Only used when the parser kept no raw bytes: with
 * `keepRawBody` in its `verify`, `readJsonBody` checks the bytes instead.
 *
 * @example
 * app.use(express.json());                 // parses first
 * usePreParsedBody(req, 16_384);           // -> { amount: "10.00", ... }
 */
export function usePreParsedBody(req: Request, limit: number): Record<string, unknown> {
  const value = req.body;
  // JSON.parse (V8's is iterative) happily builds 5,000 levels from 10 KB;
  // everything after this (the size below, the idempotency fingerprint, the
  // proxy's forwarding) is recursive, so the depth is checked first.
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    checkValueDepth(value);
    refusePrototypeKeys(value);
  }
  if (sizeOf(req, value) > limit) throw tooLarge(limit);
  if (typeof value === "string") throw unusable("as text");
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) throw unusable("as raw bytes");
  if (value === undefined) throw unusable("without leaving it in req.body");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RequestError("INVALID_REQUEST", "Body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function unusable(how: string): WidgetTokensError {
  return new RequestError(
    "UNSUPPORTED_MEDIA_TYPE",
    `An app-level body parser consumed the body ${how}; mount widget-tokens before it or let it parse application/json`,
  );
}

/** Bytes on the wire when declared; otherwise the parsed value's own size (never more than the original's). */
function sizeOf(req: Request, value: unknown): number {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared)) return declared;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.byteLength;
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return 0;
  }
}

import { isJsonNumberSource, isRecord } from "@widget-tokens/shared";
import { RequestError } from "../errors.js";
import type { Logger } from "../logger.js";
import { parseJsonText } from "./parse-json-text.js";
import { bodyConsumed, usePreParsedBody } from "./pre-parsed-body.js";
import { rawBodyOf } from "./raw-body.js";
import {
  type BodyReadLimits,
  decodeUtf8,
  readArrivedBody,
  readBodyStream,
  tooLarge,
} from "./read-body-stream.js";
import type { Request } from "./types.js";

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;
/** Every `charset=` parameter, its value with or without quotes (possibly empty). */
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi;

/**
 * Read the request body as a JSON object, within `limit` bytes and
 * `timeoutMs`, whatever body parser the app mounts in front.
 * 415 unless the content type is JSON (UTF-8), sent once, and uncompressed;
 * 413 past the limit (checked against Content-Length before reading a byte);
 * 408 when the body is not all there in time; 400 unless the body is a JSON
 * object in valid UTF-8, nested at most `MAX_JSON_DEPTH` levels, with no key
 * twice (see `parseJsonText`: numbers whose text is not how JavaScript
 * writes them keep that text, for `parseAmount`).
 * When an app-level parser already read the stream, the bytes it kept
 * (`keepRawBody`: `req.rawBody`) go through every one of those checks, as
 * if widget-tokens had read them (only `timeoutMs` is the parser's); without
 * them, its parsed object is used (see `usePreParsedBody`) and
 * `onChecksLost` is called. A consumed stream is never waited on.
 *
 * @example
 * const body = await readJsonBody(req, { limit: 16_384, timeoutMs: 10_000 });
 */
async function readJsonBody(
  req: Request,
  limits: BodyReadLimits,
  onChecksLost?: () => void,
): Promise<Record<string, unknown>> {
  if (contentTypeCount(req) > 1) {
    // Node keeps the first and drops the rest; a proxy in front may keep another.
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be sent once");
  }
  const type = req.headers["content-type"] ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  // (No parameter at all, as most clients send it: nothing to look for.)
  const charsets = type.includes(";")
    ? [...type.matchAll(CHARSET)].map((m) => (m[1] ?? m[2] ?? "").toLowerCase())
    : [];
  if (charsets.length > 1) {
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "charset must be given once");
  }
  const charset = charsets[0];
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    // An empty `charset=` is no charset a reader can trust either.
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "JSON must be UTF-8");
  }
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") {
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "Content-Encoding is not supported");
  }

  if (bodyConsumed(req)) {
    const raw = rawBodyOf(req);
    if (raw === undefined) {
      const body = usePreParsedBody(req, limits.limit);
      onChecksLost?.();
      return body;
    }
    if (raw.length > limits.limit) throw tooLarge(limits.limit);
    return jsonObject(decodeUtf8(raw));
  }
  if (req.destroyed) throw new RequestError("INVALID_REQUEST", "Body could not be read");

  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limits.limit) throw tooLarge(limits.limit);
  // Let the parser finish the packet the headers came in: a small body is then all there.
  await undefined;
  return jsonObject(
    readArrivedBody(req, limits.limit, declared) ?? (await readBodyStream(req, limits)),
  );
}

/**
 * What a parser in front turns off when it keeps no raw bytes: the warning
 * `createJsonBodyReader` logs once.
 */
const CHECKS_LOST_WARNING =
  'widget-tokens: an app-level body parser read a request body before widget-tokens and kept no raw bytes, so these checks are off: a key given twice, invalid UTF-8 and a byte order mark, amounts judged on their source text (1e3 arrives as 1000), and bodyTimeoutMs. Keep the bytes with express.json({ verify: keepRawBody }) (import { keepRawBody } from "@widget-tokens/server"), or mount widget-tokens before the parser. This is logged once.';

/**
 * `readJsonBody` with fixed limits, logging `CHECKS_LOST_WARNING` the first
 * time a request arrives parsed without its raw bytes (the middleware cannot
 * see the app's parsers before a request goes through them).
 *
 * @example
 * const readBody = createJsonBodyReader({ limit: 16_384, timeoutMs: 10_000 }, logger);
 * const body = await readBody(req);
 */
export function createJsonBodyReader(
  limits: BodyReadLimits,
  logger: Logger,
): (req: Request) => Promise<Record<string, unknown>> {
  let warned = false;
  const checksLost = () => {
    if (warned) return;
    warned = true;
    logger.warn(CHECKS_LOST_WARNING);
  };
  return (req) => readJsonBody(req, limits, checksLost);
}

/** The body text as the routes need it: a JSON object, strictly parsed (`parseJsonText`). */
function jsonObject(text: string): Record<string, unknown> {
  if (text.length === 0) throw new RequestError("INVALID_REQUEST", "Body must be a JSON object");
  const value = parseJsonText(text);
  if (!isRecord(value) || isJsonNumberSource(value)) {
    throw new RequestError("INVALID_REQUEST", "Body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** How many Content-Type header lines the request sent (Node's `headers` keeps only the first). */
function contentTypeCount(req: Request): number {
  const raw = req.rawHeaders ?? [];
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 12 && raw[i]!.toLowerCase() === "content-type") count++;
  }
  return count;
}

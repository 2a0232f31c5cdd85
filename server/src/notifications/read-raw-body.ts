import { RequestError, ServiceError } from "../errors.js";
import { bodyConsumed } from "../http/pre-parsed-body.js";
import { rawBodyOf } from "../http/raw-body.js";
import {
  type BodyReadLimits,
  decodeUtf8,
  readBodyStream,
  tooLarge,
} from "../http/read-body-stream.js";
import type { Request } from "../http/types.js";

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The exact text of a JSON notification, for its signature: 415 unless the
 * type is JSON and uncompressed, 413 past `limit`, 408 when slow. When an
 * app-level parser already read the stream, its raw copy (`req.rawBody`, as
 * `express.json({ verify: keepRawBody })` keeps it) is used; without one, the
 * signature cannot be checked: a 500 whose log line says how to mount.
 *
 * @example
 * const raw = await readRawJsonBody(req, { limit: 16_384, timeoutMs: 10_000 });
 */
export async function readRawJsonBody(req: Request, limits: BodyReadLimits): Promise<string> {
  if (!JSON_TYPE.test(req.headers["content-type"] ?? "")) {
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  if ((req.headers["content-encoding"] ?? "identity").toLowerCase() !== "identity") {
    throw new RequestError("UNSUPPORTED_MEDIA_TYPE", "Content-Encoding is not supported");
  }
  if (bodyConsumed(req)) {
    const raw = rawBodyOf(req);
    if (raw === undefined) {
      throw new ServiceError(
        "INTERNAL_ERROR",
        "A body parser read this notification before widget-tokens: mount widget-tokens first, or keep the raw bytes with express.json({ verify: keepRawBody })",
      );
    }
    if (raw.length > limits.limit) throw tooLarge(limits.limit);
    return decodeUtf8(raw);
  }
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limits.limit) throw tooLarge(limits.limit);
  return readBodyStream(req, limits);
}

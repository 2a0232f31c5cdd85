import { RequestError, type WidgetTokensError } from "../errors.js";
import type { Request } from "./types.js";

export interface BodyReadLimits {
  /** Largest body in bytes: past it, 413. */
  limit: number;
  /** Time allowed for the whole body to arrive, in ms: past it, 408. */
  timeoutMs: number;
}

/**
 * Strict: a malformed byte sequence throws instead of becoming U+FFFD. A
 * byte order mark is kept, so the JSON parser refuses it (RFC 8259 forbids
 * sending one), as it always has.
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Read the request stream to its end as UTF-8 text, within `limit` bytes and
 * `timeoutMs`. Only for a stream nobody has read yet (see `bodyConsumed`).
 * Rejects with `PAYLOAD_TOO_LARGE`, `REQUEST_TIMEOUT`, or `INVALID_REQUEST`
 * when the client goes away or the bytes are not UTF-8. The answer to the
 * first two carries `Connection: close`, so the socket of a half-sent body
 * is closed after it.
 *
 * @example
 * const text = await readBodyStream(req, { limit: 16_384, timeoutMs: 10_000 });
 */
export function readBodyStream(
  req: Request,
  { limit, timeoutMs }: BodyReadLimits,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("aborted", onGone);
      req.off("close", onGone);
    };
    const fail = (error: WidgetTokensError) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        fail(tooLarge(limit));
        // Drop the rest as it arrives; the answer closes the connection.
        req.resume();
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(decodeUtf8(Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    };
    const onGone = () => fail(new RequestError("INVALID_REQUEST", "Body could not be read"));
    const timer = setTimeout(
      () =>
        fail(
          new RequestError(
            "REQUEST_TIMEOUT",
            `The body did not arrive within ${timeoutMs} ms; send it whole, without pauses`,
          ),
        ),
      timeoutMs,
    );
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("aborted", onGone);
    req.on("close", onGone);
  });
}

/**
 * The whole body at once when it has already arrived (a small body comes in
 * the same packet as the headers, and is parsed by the time the request's
 * first `await` resumes): no listeners, no timer, one `read()`. It has
 * arrived when the request is `complete`, or when its buffer holds the
 * `declared` Content-Length (the parser never buffers more than that).
 * Undefined otherwise, or when the stream is flowing or decoded: then
 * `readBodyStream` waits for it.
 *
 * @example
 * const text = readArrivedBody(req, 16_384, 45) ?? (await readBodyStream(req, limits));
 */
export function readArrivedBody(req: Request, limit: number, declared: number): string | undefined {
  if (req.readableFlowing === true || req.readableEnded || req.readableEncoding !== null) {
    return undefined;
  }
  if (!req.complete && !(req.readableLength > 0 && req.readableLength === declared)) {
    return undefined;
  }
  const chunk: Buffer | string | null = req.read();
  if (chunk === null) return "";
  const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  if (bytes.length > limit) throw tooLarge(limit);
  return decodeUtf8(bytes);
}

/**
 * The body's bytes as text, strictly: invalid UTF-8 is a 400
 * (`Buffer#toString` would turn each bad byte into U+FFFD and read on).
 *
 * @example
 * decodeUtf8(Buffer.from([0x7b, 0x7d])); // "{}"
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new RequestError("INVALID_REQUEST", "Body is not valid UTF-8");
  }
}

/** The 413 for a body past `limit` bytes. */
export function tooLarge(limit: number): WidgetTokensError {
  return new RequestError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
}

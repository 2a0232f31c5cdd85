import { WidgetTokensError } from "../errors.js";
import type { Request } from "./types.js";

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * Read the request body as a JSON object, within `limit` bytes.
 * 415 unless the content type is JSON (UTF-8) and uncompressed; 413 past the
 * limit (checked against Content-Length before reading a byte); 400 unless
 * the body parses to a JSON object. A body an upstream parser already read is
 * used as it is.
 */
export async function readJsonBody(req: Request, limit: number): Promise<Record<string, unknown>> {
  const type = req.headers["content-type"] ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new WidgetTokensError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new WidgetTokensError("UNSUPPORTED_MEDIA_TYPE", "JSON must be UTF-8");
  }
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") {
    throw new WidgetTokensError("UNSUPPORTED_MEDIA_TYPE", "Content-Encoding is not supported");
  }

  let value: unknown;
  if (req._body === true) {
    value = req.body;
  } else {
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    if (declared > limit) throw tooLarge(limit);
    const text = await readText(req, limit);
    if (text.length === 0)
      throw new WidgetTokensError("INVALID_REQUEST", "Body must be a JSON object");
    try {
      value = JSON.parse(text);
    } catch {
      throw new WidgetTokensError("INVALID_REQUEST", "Body is not valid JSON");
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WidgetTokensError("INVALID_REQUEST", "Body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): WidgetTokensError {
  return new WidgetTokensError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
}

function readText(req: Request, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop buffering; the answer carries Connection: close.
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = () => {
      cleanup();
      reject(new WidgetTokensError("INVALID_REQUEST", "Body could not be read"));
    };
    const onAborted = onError;
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

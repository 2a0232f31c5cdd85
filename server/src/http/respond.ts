import type { ErrorBody } from "@widget-tokens/shared";
import { ServiceError, WidgetTokensError, wireDetails } from "../errors.js";
import { type Logger, causeOf, wasLogged } from "../logger.js";
import { describeUnexpected } from "./hook-failure.js";
import type { Response } from "./types.js";

export type HeaderList = ReadonlyArray<readonly [string, string]>;

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Each header list flattened once for `writeHead` (`[name, value, name, value, …]`),
 * `Content-Type` included and `Content-Length` last, its value filled in per answer.
 */
const flattened = new WeakMap<HeaderList, string[]>();

function flatHeaders(headers: HeaderList): string[] {
  let flat = flattened.get(headers);
  if (flat === undefined) {
    flat = [];
    for (const [name, value] of headers) flat.push(name, value);
    flat.push("Content-Type", JSON_TYPE, "Content-Length", "0");
    flattened.set(headers, flat);
  }
  return flat;
}

/**
 * Write a JSON answer with the precomputed headers: one `writeHead` with the
 * list flattened once (no header object, no `setHeader` per header, nothing
 * allocated per answer but the payload). The `Content-Length` slot of the
 * shared array is written just before `writeHead`, which copies the headers
 * synchronously. `extra` headers (CORS, a replay's marker, `Retry-After`) are
 * the rarer answers' and are set one by one.
 */
export function sendJson(
  res: Response,
  status: number,
  body: unknown,
  headers: HeaderList,
  extra?: Record<string, string>,
): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  if (extra) for (const name in extra) res.setHeader(name, extra[name]!);
  const flat = flatHeaders(headers);
  flat[flat.length - 1] = String(Buffer.byteLength(payload));
  res.writeHead(status, flat);
  res.end(payload);
}

/** Seconds a client should wait before retrying, for the codes that say "try again shortly". */
const RETRY_AFTER: Partial<Record<string, number>> = {
  STORE_UNAVAILABLE: 1,
  SHUTTING_DOWN: 1,
  UPSTREAM_UNAVAILABLE: 5,
  UPSTREAM_TIMEOUT: 5,
};

/**
 * The one place errors become HTTP. A `WidgetTokensError` keeps its code,
 * message and field; anything else is a 500 whose message says nothing about
 * its cause (the log line names the hook that threw and the route, with the
 * redacted message, and the stack outside production).
 */
export function sendError(
  res: Response,
  err: unknown,
  headers: HeaderList,
  logger: Logger,
  where?: string,
): void {
  const error =
    err instanceof WidgetTokensError ? err : new ServiceError("INTERNAL_ERROR", "Internal error");
  if (!(err instanceof WidgetTokensError)) {
    logger.error(describeUnexpected(err, where));
  } else if (error.status >= 500 && error.code !== "SHUTTING_DOWN" && !wasLogged(err)) {
    // (A draining instance refusing new work is expected: no line per request. A token
    // request's failure was logged already, with its route and trace.)
    const cause = causeOf(err);
    logger.warn(
      `widget-tokens: ${error.code}: ${error.message}${cause === undefined ? "" : ` (${cause})`}`,
    );
  }
  // A 500 is the merchant's bug (a hook returned something malformed): the
  // details go to the log, the browser learns nothing about the server.
  const message = error.code === "INTERNAL_ERROR" ? "Internal error" : error.message;
  const body: ErrorBody = { error: { code: error.code, message } };
  const { field, upstreamCode, retryAfter: given } = wireDetails(error);
  if (field !== undefined) body.error.field = field;
  if (upstreamCode !== undefined) body.error.upstreamCode = upstreamCode;
  const extra: Record<string, string> = {};
  const retryAfter = given ?? RETRY_AFTER[error.code];
  if (retryAfter !== undefined) extra["Retry-After"] = String(Math.max(1, retryAfter));
  // The rest of the body may still be on its way (or never come): close the
  // connection after the answer rather than keep a socket for it. A draining
  // instance closes it too, so the client's next request goes elsewhere.
  if (
    error.code === "PAYLOAD_TOO_LARGE" ||
    error.code === "REQUEST_TIMEOUT" ||
    error.code === "SHUTTING_DOWN"
  ) {
    extra.Connection = "close";
  }
  sendJson(res, error.status, body, headers, extra);
}

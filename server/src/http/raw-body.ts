import type { IncomingMessage } from "node:http";

/**
 * A body parser's `verify` option that keeps the bytes it read as
 * `req.rawBody`, so widget-tokens behind that parser still checks the body
 * as sent: a key given twice, invalid UTF-8 or a byte order mark, amounts
 * by their source text, depth, and the notification routes' signatures.
 * It copies nothing (the parser's own Buffer is kept) and does nothing else.
 *
 * `req.rawBody` is the common convention (Stripe's and GitHub's webhook
 * guides use it), so an app that already keeps it needs no change.
 *
 * @example
 * import express from "express";
 * import { keepRawBody } from "@widget-tokens/server";
 *
 * app.use(express.json({ verify: keepRawBody }));
 */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as { rawBody?: unknown }).rawBody = buf;
}

/**
 * The bytes an app-level parser read, when it kept them (`keepRawBody`, or
 * an app's own `verify` that stores a Buffer or a string as `req.rawBody`);
 * undefined otherwise.
 *
 * @example
 * const raw = rawBodyOf(req); // Buffer <7b 22 61 ...> or undefined
 */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  const raw = (req as { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  return undefined;
}

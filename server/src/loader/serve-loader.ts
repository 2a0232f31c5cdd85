import type { IncomingMessage, ServerResponse } from "node:http";
import Negotiator from "negotiator";
import type { Asset, DropInAssets } from "./drop-in-assets.js";

/** How `serveLoader` answers, computed once by the composition root. */
export interface ServeLoaderSettings {
  /** Headers of every answer (helmet's, with the chosen `Cross-Origin-Resource-Policy`). */
  headers: ReadonlyArray<readonly [string, string]>;
  /**
   * Origins whose pages may read the files with CORS: the chunks are loaded
   * with `crossorigin` (the browser needs to read them to check their
   * integrity), so a page on another origin needs `Access-Control-Allow-Origin`.
   */
  allowedOrigins: ReadonlySet<string>;
}

/** The encodings an answer can take, best first (negotiator weighs the request's `Accept-Encoding`). */
const ENCODINGS = ["gzip", "identity"];

const LOADER_CACHE = "public, max-age=300";
const CHUNK_CACHE = "public, max-age=31536000, immutable";
const CHUNKS = "/chunks/";

/**
 * Answer `GET|HEAD /loader.js` (the drop-in bootstrap: a short cache, so a
 * new release reaches pages within minutes) and `GET|HEAD /chunks/<file>`
 * (content-hashed names: cached for a year, `immutable`), each with an
 * `ETag` and 304 for a matching `If-None-Match`, gzipped for a client that
 * accepts it. An unknown chunk is 404;
 * any other method is 405.
 *
 * @example
 * const serve = serveLoader(readDropInAssets(), { headers, allowedOrigins });
 * serve(req, res, "/chunks/fluz.8hc8yNYx.js"); // the path below the mount
 */
export function serveLoader(
  assets: DropInAssets,
  settings: ServeLoaderSettings,
): (req: IncomingMessage, res: ServerResponse, path: string) => void {
  return (req, res, path) => {
    const chunk = path.startsWith(CHUNKS)
      ? assets.chunks.get(path.slice(CHUNKS.length))
      : undefined;
    const asset: Asset | undefined = path === "/loader.js" ? assets.loader : chunk;
    for (const [name, value] of settings.headers) res.setHeader(name, value);
    const origin = req.headers.origin;
    if (origin !== undefined && settings.allowedOrigins.has(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
    }
    res.setHeader("Vary", "Origin, Accept-Encoding");
    if (asset === undefined) {
      res.statusCode = 404;
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      res.end('{"error":{"code":"NOT_FOUND","message":"No such chunk"}}');
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.statusCode = 405;
      res.setHeader("Allow", "GET, HEAD");
      res.end();
      return;
    }
    res.setHeader("Content-Type", "text/javascript; charset=utf-8");
    res.setHeader("Cache-Control", asset === chunk ? CHUNK_CACHE : LOADER_CACHE);
    // Compressed here, once, so the page gets the gzip figures of the size budgets
    // whether or not the app compresses (compression() leaves an encoded answer alone).
    const sent = new Negotiator(req).encoding(ENCODINGS) === "gzip" ? asset.gzip : asset;
    if (sent !== asset) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("ETag", sent.etag);
    if (req.headers["if-none-match"] === sent.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader("Content-Length", sent.body.length);
    res.end(req.method === "HEAD" ? undefined : sent.body);
  };
}

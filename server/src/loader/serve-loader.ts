import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoaderScript } from "./loader-script.js";

/**
 * Answer `GET /loader.js` (and `HEAD`) with the drop-in script: the given
 * headers (precomputed once), an `ETag`, and 304 for a matching
 * `If-None-Match`. Any other method is 405.
 *
 * @example
 * const serve = serveLoader(readLoaderScript(), [["Content-Type", "text/javascript; charset=utf-8"]]);
 * serve(req, res);
 */
export function serveLoader(
  loader: LoaderScript,
  headers: ReadonlyArray<readonly [string, string]>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.statusCode = 405;
      res.setHeader("Allow", "GET, HEAD");
      res.end();
      return;
    }
    for (const [name, value] of headers) res.setHeader(name, value);
    res.setHeader("ETag", loader.etag);
    if (req.headers["if-none-match"] === loader.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader("Content-Length", loader.body.length);
    res.end(req.method === "HEAD" ? undefined : loader.body);
  };
}

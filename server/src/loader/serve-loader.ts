import type { IncomingMessage, ServerResponse } from "node:http";
import fresh from "fresh";
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
  /**
   * Whether the token routes would let this request's page in (the
   * pipeline's origin check): the manifest tells a refused page so, in an
   * answer every page can read, instead of a CORS failure it cannot tell
   * from a server that is down.
   */
  originAllowed: (req: IncomingMessage) => boolean;
}

/** The encodings an answer can take, best first (negotiator weighs the request's `Accept-Encoding`). */
const ENCODINGS = ["gzip", "identity"];

/** The bootstrap, the manifest and the `<id>.js` names: stored, revalidated on every use. */
const REVALIDATE = "no-cache";
const CHUNK_CACHE = "public, max-age=31536000, immutable";
const CHUNKS = "/chunks/";
const MANIFEST = "/chunks/manifest.json";
const REFUSED =
  '{"error":{"code":"ORIGIN_NOT_ALLOWED","message":"This origin is not in allowedOrigins"}}';

/**
 * Answer `GET|HEAD` of the drop-in's files, each with an `ETag` and 304 for
 * a matching `If-None-Match`, gzipped for a client that accepts it:
 * - `/loader.js`, the bootstrap (with `?providers=fluz,jackpot`, followed
 *   by those providers' chunks, in one file), `/chunks/manifest.json` (with
 *   `?provider=<id>`, that provider's entry alone), the current
 *   build's chunks, and `/chunks/<id>.js`, a provider's current chunk:
 *   `no-cache` (a browser keeps them and revalidates them on every use, so
 *   a deploy reaches every page at once);
 * - `/chunks/<id>.<hash>.js`: cached for a year, `immutable`.
 *
 * The manifest may be read by any page (`Access-Control-Allow-Origin: *`):
 * a page whose origin the token routes refuse gets a 403
 * `ORIGIN_NOT_ALLOWED` it can read. An unknown file is 404; any other
 * method is 405.
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
    const name = path.startsWith(CHUNKS) ? path.slice(CHUNKS.length) : undefined;
    const chunk = name === undefined ? undefined : assets.chunks.get(name);
    const asset: Asset | undefined =
      path === "/loader.js"
        ? (assets.bundles.get(providersAsked(req.url, assets)) ?? assets.loader)
        : path === MANIFEST
          ? (assets.manifests.get(providerAsked(req.url)) ?? assets.manifest)
          : (chunk ?? (name === undefined ? undefined : assets.current.get(name)));
    for (const [header, value] of settings.headers) res.setHeader(header, value);
    const origin = req.headers.origin;
    if (path === MANIFEST) res.setHeader("Access-Control-Allow-Origin", "*");
    else if (origin !== undefined && settings.allowedOrigins.has(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
    }
    res.setHeader("Vary", "Origin, Accept-Encoding");
    const refused = path === MANIFEST && !settings.originAllowed(req);
    if (asset === undefined || refused) {
      res.statusCode = refused ? 403 : 404;
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      res.end(refused ? REFUSED : '{"error":{"code":"NOT_FOUND","message":"No such chunk"}}');
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.statusCode = 405;
      res.setHeader("Allow", "GET, HEAD");
      res.end();
      return;
    }
    res.setHeader(
      "Content-Type",
      path === MANIFEST ? "application/json; charset=utf-8" : "text/javascript; charset=utf-8",
    );
    res.setHeader("Cache-Control", asset === chunk ? CHUNK_CACHE : REVALIDATE);
    // Compressed here, once, so the page gets the gzip figures of the size budgets
    // whether or not the app compresses (compression() leaves an encoded answer alone).
    const sent =
      asset.gzip && new Negotiator(req).encoding(ENCODINGS) === "gzip" ? asset.gzip : asset;
    if (sent !== asset) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("ETag", sent.etag);
    // `fresh` reads If-None-Match as HTTP says: weak W/"…" tags, lists, `*`. Only that
    // header: a request's `Cache-Control: no-cache` (fetch() adds it to any conditional
    // request) is for caches on the way; the origin still validates (RFC 9111, 5.2.1.4).
    const inm = req.headers["if-none-match"];
    if (inm !== undefined && fresh({ "if-none-match": inm }, { etag: sent.etag })) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader("Content-Length", sent.body.length);
    res.end(req.method === "HEAD" ? undefined : sent.body);
  };
}

/** The value of `name` in a request's query (`/chunks/manifest.json?provider=fluz`), or "". */
function queried(url: string | undefined, name: string): string {
  const query = url?.indexOf("?") ?? -1;
  return query < 0 ? "" : (new URLSearchParams(url!.slice(query + 1)).get(name) ?? "");
}

/** The manifest entry a page asks for (`?provider=fluz`). */
const providerAsked = (url: string | undefined) => queried(url, "provider");

/**
 * The served providers a page asks for with its bootstrap
 * (`/loader.js?providers=jackpot,fluz`), in the manifest's order, as
 * `bundles` keys them; those not served are left out.
 */
function providersAsked(url: string | undefined, assets: DropInAssets): string {
  const asked = queried(url, "providers").split(",");
  return [...assets.current.keys()]
    .map((file) => file.slice(0, -3))
    .filter((name) => asked.includes(name))
    .join(",");
}

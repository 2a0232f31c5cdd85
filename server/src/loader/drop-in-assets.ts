import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { WidgetTokensOptionError } from "../errors.js";

/** One file the middleware serves for the drop-in, read (and compressed) once. */
export interface Asset {
  body: Buffer;
  etag: string;
  /**
   * `body` gzipped (level 9), for a client that accepts gzip, with its own
   * ETag; none when gzip would not make it smaller (a one-provider manifest).
   */
  gzip: { body: Buffer; etag: string } | undefined;
}

/** The drop-in, as the middleware serves it. */
export interface DropInAssets {
  /** The bootstrap (`loader.js`), as built. */
  loader: Asset;
  /**
   * `loader.js?providers=<id>,<id>`, by the ids served, in the manifest's
   * order, joined by commas: the bootstrap and those providers' chunks in one
   * file (one request, one gzip stream), for a page that knows its providers.
   */
  bundles: ReadonlyMap<string, Asset>;
  /** `chunks/manifest.json`: `{ [provider]: { file, integrity } }` for the providers served. */
  manifest: Asset;
  /**
   * `chunks/manifest.json?provider=<id>`, by provider served: the one entry a
   * page asks for (a page that names one provider loads no other's hash).
   */
  manifests: ReadonlyMap<string, Asset>;
  /** Each chunk by its content-hashed file name (`fluz.8hc8yNYx.js`), with its integrity. */
  chunks: ReadonlyMap<string, Asset & { integrity: string }>;
  /** The current chunk of each provider served, by `<id>.js` (what a page recovering from a deploy asks for). */
  current: ReadonlyMap<string, Asset>;
}

/** The integrity algorithms SRI knows. */
const ALGORITHMS = new Set(["sha256", "sha384", "sha512"]);

/**
 * Read the client's drop-in build once, at construction: the bootstrap
 * (`@widget-tokens/client/loader.js`) and the chunks listed in
 * `chunks/manifest.json` beside it. Each chunk's bytes are checked against
 * its integrity (`sha256-…`): a missing, partial or mismatched build is a
 * start-up error, not a page whose chunks the browser refuses.
 *
 * The manifest is served narrowed to `providers` (default every chunk of
 * the build): a page that names a provider this middleware does not serve
 * loads nothing for it. `loaderPath` is the bootstrap's file; default the
 * installed client's.
 *
 * @example
 * const assets = readDropInAssets(undefined, ["fluz"]);
 * assets.chunks.get("fluz.8hc8yNYx.js")?.integrity; // "sha256-8hc8yNYx…"
 */
export function readDropInAssets(loaderPath?: string, providers?: readonly string[]): DropInAssets {
  const fail = (problem: string) =>
    new WidgetTokensOptionError(
      "loader",
      `${problem} in the client build (@widget-tokens/client/dist/): run \`npm run build\`, or pass loader: false`,
    );
  let loader: Buffer;
  let manifest: Record<string, { file: string; integrity: string }>;
  let dir: string;
  try {
    const path =
      loaderPath ?? createRequire(import.meta.url).resolve("@widget-tokens/client/loader.js");
    dir = join(dirname(path), "chunks");
    loader = readFileSync(path);
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  } catch {
    throw fail("the drop-in (loader.iife.js, chunks/manifest.json) is missing");
  }
  const chunks = new Map<string, Asset & { integrity: string }>();
  const current = new Map<string, Asset>();
  const served: Record<string, { file: string; integrity: string }> = {};
  const manifests = new Map<string, Asset>();
  for (const [name, { file, integrity }] of Object.entries(manifest)) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, file));
    } catch {
      throw fail(`the chunk ${file} is missing`);
    }
    const algorithm = integrity.slice(0, integrity.indexOf("-"));
    const actual =
      ALGORITHMS.has(algorithm) &&
      `${algorithm}-${createHash(algorithm).update(body).digest("base64")}`;
    if (actual !== integrity) throw fail(`the chunk ${file} does not match its integrity`);
    const chunk = { ...asset(body), integrity };
    chunks.set(file, chunk);
    if (!providers || providers.includes(name)) {
      served[name] = { file, integrity };
      manifests.set(name, asset(Buffer.from(JSON.stringify({ [name]: served[name] }))));
      current.set(`${name}.js`, chunk);
    }
  }
  return {
    loader: asset(loader),
    bundles: bundled(loader, Object.keys(served), (name) => chunks.get(served[name]!.file)!.body),
    manifest: asset(Buffer.from(JSON.stringify(served))),
    manifests,
    chunks,
    current,
  };
}

/**
 * The bootstrap followed by the chunks of every non-empty subset of
 * `providers` (15 files for the four drop-in providers), keyed by their ids
 * in `providers`' order. Each chunk registers itself as the file runs on,
 * after the bootstrap made `WidgetTokens.chunks`.
 */
function bundled(
  loader: Buffer,
  providers: readonly string[],
  chunk: (name: string) => Buffer,
): Map<string, Asset> {
  const bundles = new Map<string, Asset>();
  for (let set = 1; set < 2 ** providers.length; set++) {
    const names = providers.filter((_, i) => set & (2 ** i));
    const parts = names.flatMap((name) => [Buffer.from("\n"), chunk(name)]);
    bundles.set(names.join(","), asset(Buffer.concat([loader, ...parts])));
  }
  return bundles;
}

/** `body` and its gzip, each with a strong ETag of its own (RFC 9110: one per representation). */
function asset(body: Buffer): Asset {
  const tag = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  const gzip = gzipSync(body, { level: 9 });
  return {
    body,
    etag: `"${tag}"`,
    gzip: gzip.length < body.length ? { body: gzip, etag: `"${tag}-gzip"` } : undefined,
  };
}

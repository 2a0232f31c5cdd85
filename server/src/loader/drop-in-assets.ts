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
  /** `body` gzipped (level 9), for a client that accepts gzip, with its own ETag. */
  gzip: { body: Buffer; etag: string };
}

/** The drop-in: the bootstrap (`loader.js`) and its chunks by file name (`fluz.8hc8yNYx.js`). */
export interface DropInAssets {
  loader: Asset;
  /** Each with the integrity the bootstrap checks it against. */
  chunks: ReadonlyMap<string, Asset & { integrity: string }>;
}

/** The integrity algorithms SRI knows. */
const ALGORITHMS = new Set(["sha256", "sha384", "sha512"]);

/**
 * Read the client's drop-in build once, at construction: the bootstrap
 * (`@widget-tokens/client/loader.js`) and the chunks listed in
 * `chunks/manifest.json` beside it. Each chunk's bytes are checked against
 * its integrity (`sha256-…`), and the bootstrap must carry the manifest: a
 * missing, partial or mismatched build is a start-up error, not a page whose
 * chunks the browser refuses.
 *
 * The bootstrap is served knowing only the chunks of `providers` (and the
 * messages chunk): the build puts the manifest in it as JSON text, which is
 * replaced by the narrowed one. A page that names a provider this middleware
 * does not serve loads nothing for it, and every page carries only the
 * hashes it may use. `loaderPath` is the bootstrap's file; default the
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
  const integrities: Record<string, string> = {};
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
    integrities[name] = integrity;
    chunks.set(file, { ...asset(body, integrity.slice(7, 34)), integrity });
  }
  // The manifest as the build wrote it into the bootstrap, exactly once.
  const text = loader.toString("utf8");
  const written = JSON.stringify(integrities);
  if (text.split(written).length !== 2) throw fail("the bootstrap does not carry its chunks");
  const served = providers
    ? Buffer.from(text.replace(written, JSON.stringify(narrow(integrities, providers))))
    : loader;
  return {
    loader: asset(served, createHash("sha256").update(served).digest("base64url").slice(0, 27)),
    chunks,
  };
}

/** The manifest of the messages chunk and of the chunks of `providers`. */
function narrow(
  integrities: Record<string, string>,
  providers: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(integrities).filter(([name]) => name === "messages" || providers.includes(name)),
  );
}

/** `body` and its gzip, each with a strong ETag of its own (RFC 9110: one per representation). */
function asset(body: Buffer, tag: string): Asset {
  return {
    body,
    etag: `"${tag}"`,
    gzip: { body: gzipSync(body, { level: 9 }), etag: `"${tag}-gzip"` },
  };
}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { WidgetTokensOptionError } from "../errors.js";

/** One file the middleware serves for the drop-in, read once. */
export interface Asset {
  body: Buffer;
  etag: string;
}

/** The drop-in: the bootstrap (`loader.js`) and its chunks by file name (`fluz.8hc8yNYx.js`). */
export interface DropInAssets {
  loader: Asset;
  /** Each with the integrity the bootstrap checks it against. */
  chunks: ReadonlyMap<string, Asset & { integrity: string }>;
}

/**
 * Read the client's drop-in build once, at construction: the bootstrap
 * (`@widget-tokens/client/loader.js`) and the chunks listed in
 * `chunks/manifest.json` beside it. Each chunk's bytes are checked against
 * its `sha384` integrity, and the bootstrap must carry that integrity: a
 * missing, partial or mismatched build is a start-up error, not a page whose
 * chunks the browser refuses.
 *
 * `loaderPath` is the bootstrap's file; default the installed client's.
 *
 * @example
 * const assets = readDropInAssets();
 * assets.chunks.get("fluz.8hc8yNYx.js")?.integrity; // "sha384-8hc8yNYx…"
 */
export function readDropInAssets(loaderPath?: string): DropInAssets {
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
  const text = loader.toString("utf8");
  const chunks = new Map<string, Asset & { integrity: string }>();
  for (const { file, integrity } of Object.values(manifest)) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, file));
    } catch {
      throw fail(`the chunk ${file} is missing`);
    }
    const actual = `sha384-${createHash("sha384").update(body).digest("base64")}`;
    if (actual !== integrity || !text.includes(integrity)) {
      throw fail(`the chunk ${file} does not match its integrity`);
    }
    chunks.set(file, { body, etag: `"${integrity.slice(7, 34)}"`, integrity });
  }
  return { loader: { body: loader, etag: etagOf(loader) }, chunks };
}

function etagOf(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

import { WidgetClientError } from "../errors.js";
import type { ProviderChunk } from "./drop-in.js";
import type { DropInManifest } from "./manifest.js";

/** How long a chunk may take to load. */
const CHUNK_TIMEOUT_MS = 30_000;

/**
 * A provider's chunk, loaded at most once a page, whatever build served the
 * page and whatever builds serve the chunks now. `base` is the loader's
 * folder (`https://…/widget-tokens/`), `fetchManifest` asks the middleware
 * for its current manifest (`manifestFetcher`), `chunks` is where a chunk
 * registers (`window.WidgetTokens.chunks`).
 *
 * A chunk already registered (served in the bootstrap's own file,
 * `loader.js?providers=<id>`) is used as is. Otherwise the first load
 * asks for the manifest's entry of that provider and loads `chunks/<file>`
 * (a content-hashed name, cached for a year) with its integrity. If that
 * fails (a 404, or bytes that do not match: the middleware was deployed since
 * the manifest came, or the page's requests reach instances running two
 * builds), the page asks for the manifest again, up to three times until an
 * answer names a hash it did not know, then loads `chunks/<id>.js` (the
 * serving instance's current chunk, revalidated) with every hash it knows
 * for that provider in `integrity`: SRI accepts the file if it matches any
 * of them, so either build's answer runs, and nothing else does.
 *
 * @example
 * const ready = chunkLoader({ base, nonce, fetchManifest: manifestFetcher(endpoint), chunks });
 * const fluz = await ready("fluz"); // ProviderChunk
 */
export function chunkLoader(settings: {
  base: string;
  nonce: string;
  fetchManifest: (name: string) => Promise<DropInManifest>;
  chunks: Record<string, ProviderChunk | undefined>;
}): (name: string) => Promise<ProviderChunk> {
  const { base, nonce, fetchManifest, chunks } = settings;
  /** Every integrity a manifest gave, by provider. */
  const known: Record<string, string[]> = {};
  /** One promise per provider; a failed one is forgotten, so the next call tries again. */
  const pending: Record<string, Promise<ProviderChunk> | undefined> = {};
  /** A chunk's classic script, checked against `integrity`; a failure removes the tag (a retry adds a new one). */
  const script = (file: string, integrity: string) =>
    new Promise<void>((resolve, reject) => {
      const tag = document.createElement("script");
      const fail = () => {
        clearTimeout(timer);
        tag.remove();
        reject(new WidgetClientError("SCRIPT_LOAD_FAILED", `Failed to load ${tag.src}`));
      };
      const timer = setTimeout(fail, CHUNK_TIMEOUT_MS);
      tag.onload = () => {
        clearTimeout(timer);
        resolve();
      };
      tag.onerror = fail;
      tag.src = new URL(`chunks/${file}`, base).href;
      tag.integrity = integrity;
      tag.crossOrigin = "anonymous";
      tag.nonce = nonce;
      document.head.appendChild(tag);
    });

  const load = async (name: string): Promise<ProviderChunk> => {
    known[name] ??= [];
    const hashes = known[name];
    /** Whether the manifest's entry for `name` is news. */
    const learn = (manifest: DropInManifest) => {
      const integrity = manifest[name]?.integrity;
      return !!integrity && !hashes.includes(integrity) && hashes.push(integrity) > 0;
    };
    const current = await fetchManifest(name);
    learn(current);
    const entry = current[name];
    if (entry) {
      try {
        await script(entry.file, entry.integrity);
      } catch {
        for (let asked = 0; asked < 3 && !learn(await fetchManifest(name)); asked++);
        await script(`${name}.js`, hashes.join(" "));
      }
    }
    const chunk = chunks[name];
    if (!chunk) throw new WidgetClientError("SCRIPT_LOAD_FAILED", `No ${name} chunk at ${base}`);
    return chunk;
  };
  // After the script that runs this is done: a chunk served in the same file as the
  // bootstrap (`loader.js?providers=fluz`) registered itself as that file ran on.
  return (name) =>
    Promise.resolve().then(() => {
      const chunk = chunks[name];
      if (chunk) return chunk;
      pending[name] ??= load(name).catch((error: unknown) => {
        pending[name] = undefined;
        throw error;
      });
      return pending[name];
    });
}

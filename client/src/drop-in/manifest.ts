/** The integrity (`sha256-…`) of each drop-in chunk, by name: `messages` and every provider id. */
export type DropInManifest = Readonly<Record<string, string>>;

/**
 * The chunks the bootstrap may load, and the hashes the browser checks
 * them against (their files are `chunkFile(name, integrity)`). Empty in
 * the sources: the drop-in build (`vite build --mode drop-in`) replaces
 * this module with the hashes of the chunks it has just built.
 */
export const MANIFEST: DropInManifest = {};

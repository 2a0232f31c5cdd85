/** Each drop-in chunk by name (`core` and every provider id): its file below `chunks/` and its SRI hash. */
export type DropInManifest = Readonly<Record<string, readonly [file: string, integrity: string]>>;

/**
 * The chunks the bootstrap may load. Empty in the sources: the drop-in
 * build (`vite build --mode drop-in`) replaces this module with the files
 * and `sha384-…` hashes of the chunks it has just built.
 */
export const MANIFEST: DropInManifest = {};

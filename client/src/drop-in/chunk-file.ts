/**
 * The file name of a drop-in chunk below `chunks/`: its name and 8
 * characters of its integrity hash (`fluz.hc8yNYxX.js`), so a changed chunk
 * gets a new name and every name can be cached forever. The build names the
 * files with it, and the bootstrap finds them with it, from the integrity
 * alone.
 *
 * @example
 * chunkFile("fluz", "sha256-8hc8yNYxXdWW…"); // "fluz.8hc8yNYx.js"
 */
export function chunkFile(name: string, integrity: string): string {
  return `${name}.${integrity.replace(/\W/g, "").slice(6, 14)}.js`;
}

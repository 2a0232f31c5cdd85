import { readFileSync } from "node:fs";

/**
 * A PEM key as the demo's environment spells it: PEM with real line
 * breaks, PEM with `\n` escapes (one env line), or the path of a PEM file.
 *
 * @example
 * readPemValue(process.env.GR4VY_PRIVATE_KEY!); // the PEM text, with real line breaks
 */
export function readPemValue(value: string): string {
  return value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value, "utf8");
}

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Every path string in an `exports` map (all conditions, all subpaths). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (Array.isArray(exports)) return exports.flatMap(exportTargets);
  if (exports && typeof exports === "object") return Object.values(exports).flatMap(exportTargets);
  return [];
}

/** Condition objects of an `exports` map where `types` comes after a condition that would win first. */
export function typesNotFirst(exports: unknown, path = "exports"): string[] {
  if (!exports || typeof exports !== "object" || Array.isArray(exports)) return [];
  const keys = Object.keys(exports);
  const found: string[] = [];
  const types = keys.indexOf("types");
  const runtime = keys.findIndex((k) => ["import", "require", "default", "node"].includes(k));
  if (types !== -1 && runtime !== -1 && types > runtime) found.push(path);
  for (const [key, value] of Object.entries(exports)) {
    found.push(...typesNotFirst(value, `${path}["${key}"]`));
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/**
 * What an unpacked package (`dir` holds its package.json) references but does
 * not ship: `exports` targets, `sourceMappingURL`s of its JS and declaration
 * files, and the `sources` of its maps that have no `sourcesContent`.
 */
export function danglingReferences(dir: string): string[] {
  const problems: string[] = [];
  const inPackage = (file: string) => {
    const rel = relative(dir, file);
    return !rel.startsWith(`..${sep}`) && rel !== ".." && existsSync(file);
  };
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports?: unknown };
  for (const target of exportTargets(pkg.exports)) {
    if (target.includes("*")) continue;
    if (!inPackage(resolve(dir, target)))
      problems.push(`exports → ${target} is not in the package`);
  }
  for (const file of filesUnder(dir)) {
    const rel = relative(dir, file);
    if (/\.(?:[cm]?js|d\.[cm]?ts)$/.test(file)) {
      const urls = [...readFileSync(file, "utf8").matchAll(/[#@] sourceMappingURL=(\S+)/g)];
      const url = urls.at(-1)?.[1];
      if (url && !url.startsWith("data:") && !inPackage(resolve(dirname(file), url))) {
        problems.push(`${rel}: sourceMappingURL=${url} is not in the package`);
      }
    }
    if (file.endsWith(".map")) {
      const map = JSON.parse(readFileSync(file, "utf8")) as {
        sources?: string[];
        sourcesContent?: (string | null)[];
        sourceRoot?: string;
      };
      (map.sources ?? []).forEach((source, i) => {
        if (typeof map.sourcesContent?.[i] === "string") return;
        const path = resolve(dirname(file), map.sourceRoot ?? "", source);
        if (!inPackage(path)) problems.push(`${rel}: source ${source} is not in the package`);
      });
    }
  }
  return problems;
}

/**
 * Which published workspaces `npm run pack` must build first: those whose
 * built entry is missing, or older than a file their build reads (their own
 * sources and build configs, and those of the `@widget-tokens/*` packages
 * they depend on, since the client bundles shared and every declaration file
 * is checked against its dependencies' types). Everything else is packed
 * from the dist/ already there.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A file the build must have written, per workspace (its mtime is the build's). */
export const BUILT_ENTRY = {
  shared: "dist/index.js",
  client: "dist/widget-tokens.js",
  react: "dist/index.js",
  vue: "dist/index.js",
  server: "dist/index.js",
  sandbox: "dist/index.js",
  testing: "dist/index.js",
  "example-shop": "dist/index.js",
} as const;
export type BuiltWorkspace = keyof typeof BUILT_ENTRY;

/** What a workspace's build reads besides `<workspace>/src` and its tsconfig.build.json (root-relative). */
const EXTRA_INPUTS: Partial<Record<BuiltWorkspace, string[]>> = {
  client: ["client/build", "vite.config.ts"],
};
const SHARED_INPUTS = ["tsconfig.base.json"];

export interface StaleWorkspace {
  workspace: BuiltWorkspace;
  /** Why it must be built, for the log: "dist/index.js is missing", "src/a.ts is newer than dist/index.js". */
  why: string;
}

/** The newest file under the root-relative `paths` (files or directories). */
function newest(root: string, paths: string[]): { file: string; mtimeMs: number } | undefined {
  let found: { file: string; mtimeMs: number } | undefined;
  const consider = (abs: string) => {
    const { mtimeMs } = statSync(abs);
    if (!found || mtimeMs > found.mtimeMs) found = { file: relative(root, abs), mtimeMs };
  };
  for (const path of paths) {
    const abs = join(root, path);
    if (!existsSync(abs)) continue;
    if (!statSync(abs).isDirectory()) {
      consider(abs);
      continue;
    }
    for (const d of readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (d.isFile()) consider(join(d.parentPath, d.name));
    }
  }
  return found;
}

/** The workspace's `@widget-tokens/*` dependencies among `workspaces`, transitively. */
function closure(root: string, workspace: BuiltWorkspace, workspaces: BuiltWorkspace[]) {
  const seen = new Set<BuiltWorkspace>();
  const visit = (w: BuiltWorkspace) => {
    if (seen.has(w)) return;
    seen.add(w);
    const pkg = JSON.parse(readFileSync(join(root, w, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const dep = name.replace(/^@widget-tokens\//, "") as BuiltWorkspace;
      if (name.startsWith("@widget-tokens/") && workspaces.includes(dep)) visit(dep);
    }
  };
  visit(workspace);
  return [...seen];
}

/** The workspaces of `workspaces` (in that order) that need a build before packing, with why. */
export function staleWorkspaces(root: string, workspaces: BuiltWorkspace[]): StaleWorkspace[] {
  return workspaces.flatMap((workspace) => {
    const entry = join(root, workspace, BUILT_ENTRY[workspace]);
    if (!existsSync(entry)) return [{ workspace, why: `${BUILT_ENTRY[workspace]} is missing` }];
    const inputs = closure(root, workspace, workspaces).flatMap((w) => [
      `${w}/src`,
      `${w}/tsconfig.build.json`,
      ...(EXTRA_INPUTS[w] ?? []),
    ]);
    const latest = newest(root, [...inputs, ...SHARED_INPUTS]);
    if (latest && latest.mtimeMs > statSync(entry).mtimeMs) {
      return [{ workspace, why: `${latest.file} is newer than ${BUILT_ENTRY[workspace]}` }];
    }
    return [];
  });
}

/**
 * `npm run pack` (after `npm run build`): one tarball per published package in
 * ./packs/, which install together:
 *
 *   npm install ./packs/widget-tokens-server-0.1.0.tgz ./packs/widget-tokens-client-0.1.0.tgz \
 *     ./packs/widget-tokens-shared-0.1.0.tgz express
 *
 * The packaging test (packaging/test/) packs the same way into a temp dir.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The workspaces published to npm, in dependency order (demo and e2e are private). */
export const PUBLISHED_WORKSPACES = [
  "shared",
  "client",
  "react",
  "vue",
  "server",
  "sandbox",
  "testing",
  "example-shop",
] as const;
export type PublishedWorkspace = (typeof PUBLISHED_WORKSPACES)[number];

/** A file the build must have written, per workspace: packing an unbuilt workspace is refused. */
const BUILT_ENTRY: Record<PublishedWorkspace, string> = {
  shared: "dist/index.js",
  client: "dist/widget-tokens.js",
  react: "dist/index.js",
  vue: "dist/index.js",
  server: "dist/index.js",
  sandbox: "dist/index.js",
  testing: "dist/index.js",
  "example-shop": "dist/index.js",
};

export interface PackedPackage {
  workspace: PublishedWorkspace;
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package, as npm lists them. */
  files: string[];
}

/** `npm pack` every published workspace into `dest` (emptied first). Needs a build. */
export function packWorkspaces(dest: string): PackedPackage[] {
  const unbuilt = PUBLISHED_WORKSPACES.filter((w) => !existsSync(join(ROOT, w, BUILT_ENTRY[w])));
  if (unbuilt.length > 0) {
    throw new Error(`not built: ${unbuilt.join(", ")}. Run \`npm run build\` first.`);
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const out = execFileSync(
    "npm",
    [
      "pack",
      ...PUBLISHED_WORKSPACES.flatMap((w) => ["--workspace", w]),
      "--pack-destination",
      dest,
      "--json",
      "--loglevel=error",
    ],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const listed = JSON.parse(out) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  }[];
  return PUBLISHED_WORKSPACES.map((workspace) => {
    const name = `@widget-tokens/${workspace}`;
    const entry = listed.find((p) => p.name === name);
    if (!entry) throw new Error(`npm pack did not pack ${name}`);
    return {
      workspace,
      name,
      version: entry.version,
      tarball: join(dest, entry.filename),
      files: entry.files.map((f) => f.path),
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dest = join(ROOT, "packs");
  for (const p of packWorkspaces(dest)) {
    console.log(`${relative(process.cwd(), p.tarball)}  ${p.name}@${p.version}`);
  }
}

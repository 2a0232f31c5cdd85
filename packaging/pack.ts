/**
 * `npm run pack`: one tarball per published package in ./packs/, each one's
 * `@widget-tokens/*` dependencies pointing at the tarballs beside it
 * (`file:./widget-tokens-client-0.1.0.tgz`), so one tarball installs alone,
 * from any directory, as long as packs/ stays together:
 *
 *   npm install /path/to/checkout/packs/widget-tokens-server-0.1.0.tgz express
 *
 * It builds only the workspaces whose dist/ is missing or older than their
 * sources (packaging/stale.ts); the rest are packed as built.
 *
 * The packaging tests (packaging/test/global-setup.ts) pack the same way,
 * once a run, into a temp dir: `packWorkspaces(dest)` for the registry form
 * (exact versions, as published), then `siblingCopies(packs, dest2)` for the
 * checkout's (`packWorkspaces(dest, { siblings: true })` in one step).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BUILT_ENTRY, staleWorkspaces } from "./stale.js";

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

export interface PackedPackage {
  workspace: PublishedWorkspace;
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package, as npm lists them. */
  files: string[];
}

export interface PackOptions {
  /**
   * Point each `@widget-tokens/*` dependency at the tarball beside it
   * (`file:./<tarball>`) instead of its exact version: the checkout's form,
   * which installs without a registry that has the packages. Not for publishing.
   */
  siblings?: boolean;
}

/** `npm pack` every published workspace into `dest` (emptied first). Needs a build. */
export function packWorkspaces(dest: string, options: PackOptions = {}): PackedPackage[] {
  const unbuilt = staleWorkspaces(ROOT, [...PUBLISHED_WORKSPACES]).filter((s) =>
    s.why.endsWith("is missing"),
  );
  if (unbuilt.length > 0) {
    throw new Error(
      `not built: ${unbuilt.map((s) => `${s.workspace} (${BUILT_ENTRY[s.workspace]})`).join(", ")}. Run \`npm run build\` first.`,
    );
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
  const packs = PUBLISHED_WORKSPACES.map((workspace) => {
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
  if (options.siblings) pointAtSiblings(packs, dest);
  return packs;
}

/**
 * Copies of `packs` (the registry form) in `dest`, in the checkout's form
 * (`siblings: true`), without packing again: the packaging tests need both.
 */
export function siblingCopies(packs: PackedPackage[], dest: string): PackedPackage[] {
  mkdirSync(dest, { recursive: true });
  const copies = packs.map((p) => ({ ...p, tarball: join(dest, basename(p.tarball)) }));
  packs.forEach((p, i) => copyFileSync(p.tarball, (copies[i] as PackedPackage).tarball));
  pointAtSiblings(copies, dest);
  return copies;
}

/**
 * Rewrite each tarball's package.json: every dependency on a package packed
 * here becomes `file:./<its tarball>`. npm resolves a `file:` dependency of
 * an installed tarball against that tarball's directory.
 */
function pointAtSiblings(packs: PackedPackage[], dest: string): void {
  const tarballOf = new Map(packs.map((p) => [p.name, relative(dest, p.tarball)]));
  const work = mkdtempSync(join(dest, ".rewrite-"));
  try {
    for (const p of packs) {
      const dir = join(work, p.workspace);
      mkdirSync(dir);
      execFileSync("tar", ["-xzf", p.tarball, "-C", dir]);
      const file = join(dir, "package", "package.json");
      const pkg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const field of ["dependencies", "optionalDependencies"]) {
        const deps = pkg[field] as Record<string, string> | undefined;
        for (const name of Object.keys(deps ?? {})) {
          const sibling = tarballOf.get(name);
          if (deps && sibling) deps[name] = `file:./${sibling}`;
        }
      }
      writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
      execFileSync("tar", ["-czf", p.tarball, "-C", dir, "package"]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The CLI: build what is stale (only that), then pack into ./packs/ in the checkout's form. */
function main(): void {
  const stale = staleWorkspaces(ROOT, [...PUBLISHED_WORKSPACES]);
  if (stale.length > 0) {
    for (const s of stale) console.log(`build ${s.workspace}: ${s.why}`);
    execFileSync("npm", ["run", "build", ...stale.flatMap((s) => ["-w", s.workspace])], {
      cwd: ROOT,
      stdio: "inherit",
    });
  } else {
    console.log("every package is built and up to date: packing dist/ as it is");
  }
  const dest = join(ROOT, "packs");
  const packs = packWorkspaces(dest, { siblings: true });
  for (const p of packs)
    console.log(`${relative(process.cwd(), p.tarball)}  ${p.name}@${p.version}`);
  const server = packs.find((p) => p.workspace === "server");
  console.log(
    `\nIn your app (keep packs/ together; each tarball brings the @widget-tokens packages it needs):\n  npm install ${server?.tarball} express`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}

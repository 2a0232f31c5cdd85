/**
 * Install by name from a checkout (issue 22, item 6). `npm run pack` writes
 * tarballs whose `@widget-tokens/*` dependencies are `file:` paths to the
 * tarballs beside them (packaging/pack.ts), so the README's "from a checkout"
 * install names ONE tarball: in a fresh app under os.tmpdir(), outside the
 * repository, with no registry that has the packages,
 *
 * - the server tarball alone (with express) installs, no E404 for
 *   @widget-tokens/client or shared, and the app imports it by name and
 *   answers a request, on Node 20 and Node 24 (helpers/node-runtimes.ts);
 * - the sandbox tarball alone, and the testing tarball alone (with its
 *   @playwright/test peer), install and import the same way;
 * - the lock file the install wrote reinstalls with `npm ci`.
 *
 * Needs a build (`npm run build`), like every packaging test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedPackage, ROOT, packWorkspaces } from "../pack.js";
import { nodeRuntimes } from "./helpers/node-runtimes.js";
import { run, runOk } from "./helpers/run.js";

const devDependencies = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;
const asInRepo = (name: string) => `${name}@${devDependencies[name]}`;

/** A server-only app: mounts the middleware, asks for the drop-in loader, prints what it got. */
const LOADER_APP = `import express from "express";
import { widgetTokens } from "@widget-tokens/server";

const app = express();
app.use("/widget-tokens", widgetTokens({
  identify: () => ({ id: "u1" }),
  providers: { fluz: { apiKey: "checkout-key", apiSecret: "${"s".repeat(32)}" } },
}));
const server = app.listen(0, "127.0.0.1", async () => {
  const res = await fetch(\`http://127.0.0.1:\${server.address().port}/widget-tokens/loader.js\`);
  await res.arrayBuffer();
  console.log(JSON.stringify({ node: process.versions.node, status: res.status, type: res.headers.get("content-type") }));
  server.close();
});
`;

let work = "";
let packs: PackedPackage[] = [];
const apps = new Map<string, Promise<string>>();

const tarball = (workspace: string) => {
  const p = packs.find((x) => x.workspace === workspace);
  if (!p) throw new Error(`${workspace} was not packed`);
  return p.tarball;
};

/** `npm install` one tarball (and `extra` from the registry) in a fresh app, in the background. */
function startInstall(name: string, workspace: string, extra: string[]): void {
  const install = (async () => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    );
    if (workspace === "server") writeFileSync(join(dir, "loader-app.mjs"), LOADER_APP);
    await runOk("npm", ["install", tarball(workspace), ...extra, "--loglevel=error"], {
      cwd: dir,
      timeoutMs: 240_000,
    });
    return dir;
  })();
  install.catch(() => {}); // its own test awaits it and reports the failure
  apps.set(name, install);
}

const installed = (name: string) =>
  apps.get(name) ?? Promise.reject(new Error(`set-up failed before "${name}" was installed`));

/** The version and `resolved` of each installed @widget-tokens package, from the app's lock file. */
function lockedWidgetTokens(dir: string): Record<string, { version: string; resolved: string }> {
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string; resolved: string }>;
  };
  return Object.fromEntries(
    Object.entries(lock.packages)
      .filter(([path]) => path.startsWith("node_modules/@widget-tokens/"))
      .map(([path, entry]) => [
        path.slice("node_modules/".length),
        { version: entry.version, resolved: entry.resolved },
      ]),
  );
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "widget-tokens-checkout-"));
  packs = packWorkspaces(join(work, "packs"), { siblings: true });
  startInstall("server-alone", "server", ["express"]);
  startInstall("sandbox-alone", "sandbox", []);
  startInstall("testing-alone", "testing", [asInRepo("@playwright/test")]);
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(apps.values());
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("the checkout's tarballs (npm run pack)", () => {
  it("point each @widget-tokens dependency at the tarball beside it", async () => {
    for (const p of packs) {
      const out = await runOk("tar", ["-xzOf", p.tarball, "package/package.json"], { cwd: work });
      const deps = (JSON.parse(out.stdout) as { dependencies?: Record<string, string> })
        .dependencies;
      for (const [name, spec] of Object.entries(deps ?? {})) {
        if (!name.startsWith("@widget-tokens/")) continue;
        const sibling = packs.find((s) => s.name === name);
        expect(sibling, `${p.name} depends on unpublished ${name}`).toBeDefined();
        expect(spec, `${p.name} → ${name}`).toBe(`file:./${sibling?.tarball.split("/").at(-1)}`);
      }
    }
  });

  it("the server tarball installs alone (no E404 for client or shared), from the tarballs beside it", async () => {
    const dir = await installed("server-alone");
    const locked = lockedWidgetTokens(dir);
    expect(Object.keys(locked).sort()).toEqual([
      "@widget-tokens/client",
      "@widget-tokens/server",
      "@widget-tokens/shared",
    ]);
    for (const [name, { version, resolved }] of Object.entries(locked)) {
      const packed = packs.find((p) => p.name === name);
      expect(version, name).toBe(packed?.version);
      expect(resolved, name).toMatch(/^file:.*\.tgz$/);
    }
  });

  for (const node of nodeRuntimes()) {
    it.skipIf(!node.path)(
      `the server-only app imports it by name and serves the client's loader, on ${node.label}`,
      async () => {
        const dir = await installed("server-alone");
        // The drop-in loader is @widget-tokens/client's file: the server found its sibling.
        const out = await runOk(node.path ?? "", ["loader-app.mjs"], { cwd: dir });
        const result = JSON.parse(out.stdout.trim().split("\n").at(-1) ?? "{}") as unknown;
        expect(result).toEqual({
          node: node.version,
          status: 200,
          type: expect.stringContaining("javascript"),
        });
      },
    );
  }

  it.each([
    [
      "sandbox-alone",
      "@widget-tokens/sandbox",
      ["@widget-tokens/sandbox", "@widget-tokens/shared"],
    ],
    [
      "testing-alone",
      "@widget-tokens/testing",
      ["@widget-tokens/sandbox", "@widget-tokens/shared", "@widget-tokens/testing"],
    ],
  ])("the %s app installs one tarball and imports %s by name", async (app, name, expected) => {
    const dir = await installed(app);
    expect(Object.keys(lockedWidgetTokens(dir)).sort()).toEqual(expected);
    const out = await runOk(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import("${name}"); console.log(Object.keys(m).length > 0);`,
      ],
      { cwd: dir },
    );
    expect(out.stdout.trim()).toBe("true");
  });

  it("the lock file the install wrote reinstalls with npm ci", async () => {
    const dir = await installed("sandbox-alone");
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    const ci = await run("npm", ["ci", "--loglevel=error"], { cwd: dir, timeoutMs: 240_000 });
    expect(ci.code, `${ci.stdout}\n${ci.stderr}`).toBe(0);
    const pkg = JSON.parse(
      readFileSync(join(dir, "node_modules", "@widget-tokens", "shared", "package.json"), "utf8"),
    ) as { version: string };
    expect(pkg.version).toBe(packs.find((p) => p.workspace === "shared")?.version);
  });
});

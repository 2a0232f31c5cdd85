/**
 * Install by name from a checkout (issue 22, item 6). `npm run pack` writes
 * tarballs whose `@widget-tokens/*` dependencies are `file:` paths to the
 * tarballs beside them (packaging/pack.ts), so the README's "from a checkout"
 * install names ONE tarball: in a fresh app under os.tmpdir(), outside the
 * repository, with no registry that has the packages,
 *
 * - the server tarball alone (with express) installs, no E404 for
 *   @widget-tokens/client or shared, and the app imports it by name and
 *   answers a request (packaging/fixtures/checkout-app/loader-app.mjs), on
 *   Node 20 and Node 24 (helpers/node-runtimes.ts);
 * - the sandbox tarball alone, and the testing tarball alone (with its
 *   @playwright/test peer), install and import the same way;
 * - the lock file the install wrote reinstalls with `npm ci`.
 *
 * The apps (`server-alone`, `sandbox-alone`, `testing-alone`) are installed
 * once a run by the global set-up (helpers/apps.ts). Needs a build (`npm run
 * build`), like every packaging test.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { installed } from "./helpers/installs.js";
import { nodeRuntimes } from "./helpers/node-runtimes.js";
import { run, runOk } from "./helpers/run.js";

/** The checkout's form of the packs (the global set-up's `siblingCopies`). */
const { checkoutPacks: packs, work } = inject("packaging");

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
    const ci = await run("npm", ["ci", "--prefer-offline", "--loglevel=error"], {
      cwd: dir,
      timeoutMs: 240_000,
    });
    expect(ci.code, `${ci.stdout}\n${ci.stderr}`).toBe(0);
    const pkg = JSON.parse(
      readFileSync(join(dir, "node_modules", "@widget-tokens", "shared", "package.json"), "utf8"),
    ) as { version: string };
    expect(pkg.version).toBe(packs.find((p) => p.workspace === "shared")?.version);
  });
});

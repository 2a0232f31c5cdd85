/**
 * Every recipe runs as pasted (issue 23, item 1). After the build
 * (`npm test` builds first; alone: `npm run test:recipes`):
 *
 * - `npm pack` the published workspaces and install the tarballs, by path,
 *   with @playwright/test, in a fresh project under os.tmpdir(): outside the
 *   repository, nothing linked back into it;
 * - write every ```ts block of docs/testing.md and testing/README.md into it
 *   (packaging/test/helpers/recipe-project.ts): the config block, ports
 *   changed to free ones, and one spec per block that declares a test;
 * - run it in Debian's Chromium with `--fully-parallel --workers=4` against
 *   @widget-tokens/example-shop (`server.js` of the config's webServer), the
 *   sandbox started by the CLI, CI=1 so nothing running is reused;
 * - RECIPE_RUNS times (default 1; the acceptance is `RECIPE_RUNS=10`), every
 *   run with 0 failures, 0 flaky, 0 skipped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedPackage, ROOT, packWorkspaces } from "../pack.js";
import { extractTsSnippets } from "./helpers/doc-snippets.js";
import { RECIPE_DOCS, type RecipeProject, writeRecipeProject } from "./helpers/recipe-project.js";
import { freePort } from "./helpers/registry.js";
import { childEnv, run, runOk } from "./helpers/run.js";

const RUNS = Number(process.env.RECIPE_RUNS ?? 1);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error("RECIPE_RUNS must be a positive integer");

const playwrightRange = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@playwright/test"];

let work = "";
let dir = "";
let packs: PackedPackage[] = [];
let project: RecipeProject;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "widget-tokens-recipes-"));
  packs = packWorkspaces(join(work, "packs")).filter((p) =>
    ["shared", "client", "server", "sandbox", "testing", "example-shop"].includes(p.workspace),
  );
  dir = join(work, "qa-project");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "qa-project", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  await runOk(
    "npm",
    [
      "install",
      ...packs.map((p) => p.tarball),
      `@playwright/test@${playwrightRange}`,
      "--loglevel=error",
    ],
    { cwd: dir, timeoutMs: 300_000 },
  );
  const snippets = RECIPE_DOCS.flatMap((doc) =>
    extractTsSnippets(readFileSync(join(ROOT, doc), "utf8"), doc),
  );
  project = writeRecipeProject(dir, snippets, {
    shop: await freePort(),
    sandbox: await freePort(),
  });
}, 400_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Report {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

describe("the QA docs' recipes, as pasted, in a project outside the repository", () => {
  it("every block that declares a test becomes a spec; the rest are not tests", () => {
    expect(project.specs.size).toBeGreaterThanOrEqual(10);
    for (const { snippet, why } of project.skipped) {
      expect(why, `${snippet.doc}:${snippet.line}`).toBe("declares no test");
      expect(snippet.code, `${snippet.doc}:${snippet.line}`).not.toMatch(/\btest\(/);
    }
  });

  it(
    `pass against the example shop with --fully-parallel --workers=4, ${RUNS} run(s), 0 failures`,
    async () => {
      const failures: string[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const report = join(dir, `report-${i}.json`);
        const out = await run(
          join(dir, "node_modules", ".bin", "playwright"),
          ["test", "--fully-parallel", "--workers=4", "--reporter=list,json"],
          {
            cwd: dir,
            env: childEnv({ CI: "1", PLAYWRIGHT_JSON_OUTPUT_NAME: report }),
            timeoutMs: 600_000,
          },
        );
        let stats: Report | undefined;
        try {
          stats = JSON.parse(readFileSync(report, "utf8")) as Report;
        } catch {
          // no report: the output says why
        }
        const clean =
          out.code === 0 &&
          stats?.errors.length === 0 &&
          stats.stats.unexpected === 0 &&
          stats.stats.flaky === 0 &&
          stats.stats.skipped === 0 &&
          stats.stats.expected > 0;
        if (!clean) {
          failures.push(
            `run ${i} of ${RUNS}: exit ${out.code}, ${JSON.stringify(stats?.stats)}\n${out.stdout.slice(-6000)}\n${out.stderr.slice(-2000)}`,
          );
        }
      }
      expect(failures.join("\n\n")).toBe("");
    },
    RUNS * 600_000,
  );
});

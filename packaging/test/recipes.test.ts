/**
 * Every recipe runs as pasted (issue 23, item 1). After the build
 * (`npm test` builds first; alone: `npm run test:recipes`):
 *
 * - the published workspaces' tarballs installed by path, with
 *   @playwright/test, in a fresh project under os.tmpdir() (`qa-project`,
 *   installed once a run by the global set-up, helpers/apps.ts): outside the
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
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../pack.js";
import { extractTsSnippets } from "./helpers/doc-snippets.js";
import { installed } from "./helpers/installs.js";
import { RECIPE_DOCS, type RecipeProject, writeRecipeProject } from "./helpers/recipe-project.js";
import { freePort } from "./helpers/registry.js";
import { childEnv, run } from "./helpers/run.js";

const RUNS = Number(process.env.RECIPE_RUNS ?? 1);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error("RECIPE_RUNS must be a positive integer");

let dir = "";
let project: RecipeProject;

beforeAll(async () => {
  dir = await installed("qa-project");
  const snippets = RECIPE_DOCS.flatMap((doc) =>
    extractTsSnippets(readFileSync(join(ROOT, doc), "utf8"), doc),
  );
  project = writeRecipeProject(dir, snippets, {
    shop: await freePort(),
    sandbox: await freePort(),
  });
}, 400_000);

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

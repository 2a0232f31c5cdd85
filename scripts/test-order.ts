import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * On a fresh clone (no timings yet), the files known to be longest, in this
 * order, before the rest of their project: the QA recipes' Playwright run
 * (17 specs after its app's install), the packaging file with attw, tsc, a
 * Vite build and a Playwright run; then the unit suite's longest (a heap
 * measured in two processes of their own, Redis faults, the Redis
 * merchant-API session, the hostile-input sweep, upstream faults). Size
 * alone would start some of them last, and a fresh clone's unit suite took
 * 141 s where a timed one took 122 s.
 */
const LONGEST_UNTIMED = [
  "packaging/test/recipes.test.ts",
  "packaging/test/packaging.test.ts",
  "server/test/memory-per-token.test.ts",
  "server/test/faults/redis.test.ts",
  "server/test/redis-merchant-api.test.ts",
  "server/test/hostile/hostile.test.ts",
  "server/test/merchant-api-client.test.ts",
  "server/test/faults/upstream.test.ts",
];

/**
 * The order Vitest hands files to its workers: the packaging project first
 * (the longest file by far: Verdaccio, npm installs, tsc, a Vite build and a
 * Playwright run, mostly in child processes), then the slowest files of the
 * last run (Vitest's cache), then, for files it has not timed yet (a fresh
 * clone), `LONGEST_UNTIMED`, then the largest. Across projects, not one
 * project after another: with two workers the long files start first and
 * the short ones fill the gaps, so the run ends when its longest file does,
 * not a tail after it.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const relative = (f: TestSpecification) => f.moduleId.slice(this.ctx.config.root.length + 1);
    const key = (f: TestSpecification) => `${f.project.name}:${relative(f)}`;
    const weight = (f: TestSpecification) => {
      const known = LONGEST_UNTIMED.indexOf(relative(f));
      return {
        packaging: f.project.name === "packaging" ? 1 : 0,
        duration: cache.getFileTestResults(key(f))?.duration,
        // Known-longest first, then by size.
        size:
          known === -1 ? (cache.getFileStats(key(f))?.size ?? 0) : Number.MAX_SAFE_INTEGER - known,
      };
    };
    const weights = new Map(files.map((f) => [f, weight(f)]));
    return [...files].sort((a, b) => {
      const wa = weights.get(a) as ReturnType<typeof weight>;
      const wb = weights.get(b) as ReturnType<typeof weight>;
      if (wa.packaging !== wb.packaging) return wb.packaging - wa.packaging;
      if (wa.duration !== undefined && wb.duration !== undefined) return wb.duration - wa.duration;
      if (wa.duration !== undefined || wb.duration !== undefined)
        return wa.duration === undefined ? -1 : 1; // not timed yet: first, as Vitest does
      return wb.size - wa.size;
    });
  }
}

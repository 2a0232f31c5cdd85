import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order Vitest hands files to its workers: the packaging project first
 * (the longest file by far: Verdaccio, npm installs, tsc, a Vite build and a
 * Playwright run, mostly in child processes), then the slowest files of the
 * last run (Vitest's cache), then, for files it has not timed yet (a fresh
 * clone), the largest. Across projects, not one project after another: with
 * two workers the long files start first and the short ones fill the gaps,
 * so the run ends when its longest file does, not a tail after it.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (f: TestSpecification) =>
      `${f.project.name}:${f.moduleId.slice(this.ctx.config.root.length + 1)}`;
    const weight = (f: TestSpecification) => ({
      packaging: f.project.name === "packaging" ? 1 : 0,
      duration: cache.getFileTestResults(key(f))?.duration,
      size: cache.getFileStats(key(f))?.size ?? 0,
    });
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

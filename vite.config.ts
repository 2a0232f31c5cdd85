import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { dropInChunks } from "./client/build/drop-in-chunks.js";
import { DROP_IN_TRIGGERS } from "./client/src/drop-in/providers.js";
import { LongestFirst } from "./scripts/test-order.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const conditions = ["@widget-tokens/source", "module", "browser", "default"];

/** The client's ESM entry points (package.json `exports`): the core, one per provider, the 0.1 all-in-one, the bindings' neutral half. */
const CLIENT_ENTRIES = Object.fromEntries(
  ["fluz", "impact", "gr4vy", "jackpot", "all", "bindings"].map((name) => [
    name,
    here(`./client/src/${name}.ts`),
  ]),
);

/** The secret scan (server/test/secret-scan/): record, then judge the whole run. */
const SECRET_SCAN = {
  setupFiles: ["server/test/secret-scan/setup.ts"],
  globalSetup: ["server/test/secret-scan/global-setup.ts"],
};

/**
 * The Vitest project of one workspace: `<name>/test/**\/*.test.ts` in node,
 * importing the workspaces' TypeScript sources (the `@widget-tokens/source`
 * condition, for browser-like and server-rendering imports alike), on
 * worker threads; `test` adds to or overrides that.
 *
 * Worker threads, not forked processes (a project does not inherit the root's
 * `pool`, so each says it): a file starts in a thread of one process, no
 * fork and no second copy of Node, and still gets its own module graph,
 * globals and copy of `process.env`. The unit suite went from 145 s and 232
 * CPU-seconds on forks to 122 s and 189 (docs/contributing.md, "Times").
 * Nothing relies on what a thread does not isolate: the memory test
 * measures in a process of its own, the shutdown tests signal child
 * processes, and no test changes the working directory.
 */
function project(name: string, test: Record<string, unknown> = {}) {
  const source = () => ({ conditions: ["@widget-tokens/source"] });
  return {
    resolve: source(),
    ssr: { resolve: source() },
    test: {
      name,
      include: [`${name}/test/**/*.test.ts`],
      environment: "node",
      pool: "threads",
      ...test,
    },
  };
}

/**
 * One config for two jobs:
 * - `vite build --mode esm|drop-in` (run from client/) builds the browser package:
 *   the tree-shakable ESM modules (`dist/widget-tokens.js`, the core, and one
 *   file per provider), and the drop-in: the bootstrap `dist/loader.iife.js`
 *   plus one chunk per provider in `dist/chunks/` (client/build/drop-in-chunks.ts).
 * - `vitest` runs the server, client and shared unit/HTTP projects.
 */
export default defineConfig(({ mode }) => ({
  resolve: { conditions },
  plugins:
    mode === "drop-in"
      ? [
          dropInChunks({
            root: here("./client"),
            providers: Object.keys(DROP_IN_TRIGGERS),
            conditions,
          }),
        ]
      : [],
  build: {
    outDir: here("./client/dist"),
    emptyOutDir: mode === "esm",
    // The drop-in's map is not served: no comment pointing browsers at it.
    sourcemap: mode === "drop-in" ? "hidden" : true,
    target: "es2020",
    minify: mode === "drop-in",
    lib:
      mode === "drop-in"
        ? {
            entry: here("./client/src/loader.ts"),
            formats: ["iife"],
            name: "WidgetTokensLoader",
            fileName: () => "loader.iife.js",
          }
        : {
            entry: { "widget-tokens": here("./client/src/index.ts"), ...CLIENT_ENTRIES },
            formats: ["es"],
            fileName: (_format, name) => `${name}.js`,
          },
    // The modules entry points share (adapter core, token API) go below lib/.
    rollupOptions: mode === "esm" ? { output: { chunkFileNames: "lib/[name]-[hash].js" } } : {},
  },
  test: {
    // CI sums this report with Playwright's into one closing line (.ci/summarize.mjs).
    reporters: process.env.VITEST_JSON_OUTPUT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_OUTPUT ? { json: process.env.VITEST_JSON_OUTPUT } : {},
    // Four files at once on two cores (Vitest's default there is one): most
    // files wait on sockets, Redis and child processes, not the CPU. On worker
    // threads (each project's pool: project() below), with lint beside it at
    // nice 19 as in CI, the unit suite took 138 s with three workers, 123 s
    // with four and 117 s with five (docs/contributing.md, "Times"). Tests
    // assert events and states, never a wall-clock margin, so they hold with
    // both cores busy (`npm run test:stress`). VITEST_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 4),
    // The packaging files first, then the slowest: docs/contributing.md, "Times".
    sequence: { sequencer: LongestFirst },
    projects: [
      project("shared"),
      project("server", {
        exclude: [...configDefaults.exclude, "server/test/redis-cluster/**"],
        ...SECRET_SCAN,
        testTimeout: 20_000,
        hookTimeout: 30_000,
      }),
      // Redis Cluster (6 redis-server processes a file) and Sentinel
      // (server/test/redis-cluster/): one file at a time, which Vitest runs
      // after the other projects, so failovers never compete with their tests.
      project("redis-cluster", {
        include: ["server/test/redis-cluster/**/*.test.ts"],
        fileParallelism: false,
        ...SECRET_SCAN,
        testTimeout: 30_000,
        hookTimeout: 60_000,
      }),
      project("sandbox", { ...SECRET_SCAN, testTimeout: 20_000, hookTimeout: 30_000 }),
      project("testing", { testTimeout: 20_000 }),
      project("example-shop", { testTimeout: 20_000 }),
      project("client", { environment: "happy-dom", testTimeout: 20_000 }),
      // The framework bindings; their server-rendering files run in node (a docblock).
      // Their SSR tests import React/Vue inside the test (to watch the import
      // itself): seconds on a loaded machine (20 s was not enough at load 28).
      project("react", {
        include: ["react/test/**/*.test.{ts,tsx}"],
        environment: "happy-dom",
        testTimeout: 60_000,
      }),
      project("vue", { environment: "happy-dom", testTimeout: 60_000 }),
      {
        // The built packages as a merchant installs them (packaging/test/): needs
        // `npm run build` first. Its global set-up packs once, starts one
        // Verdaccio and starts every temp app's install in the background; the
        // files wait for the apps they use. Its own suite (`npm run
        // test:packaging`), on forked processes: its time is in the npm, tsc,
        // Node and Playwright processes it starts, not in the workers.
        test: {
          name: "packaging",
          pool: "forks",
          include: ["packaging/test/**/*.test.ts"],
          globalSetup: ["packaging/test/global-setup.ts"],
          environment: "node",
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
}));

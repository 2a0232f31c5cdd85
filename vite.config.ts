import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One config for two jobs:
 * - `vite build --mode esm|iife` (run from client/) builds the browser package:
 *   the tree-shakable ESM module and the single-file IIFE drop-in loader.
 * - `vitest` runs the server, client and shared unit/HTTP projects.
 */
export default defineConfig(({ mode }) => ({
  resolve: { conditions: ["@widget-tokens/source", "module", "browser", "default"] },
  build: {
    outDir: here("./client/dist"),
    emptyOutDir: mode === "esm",
    sourcemap: true,
    target: "es2020",
    minify: mode === "iife",
    lib:
      mode === "iife"
        ? {
            entry: here("./client/src/loader.ts"),
            formats: ["iife"],
            name: "WidgetTokens",
            fileName: () => "loader.iife.js",
          }
        : {
            entry: here("./client/src/index.ts"),
            formats: ["es"],
            fileName: () => "widget-tokens.js",
          },
  },
  test: {
    // CI sums this report with Playwright's into one closing line (.ci/summarize.mjs).
    reporters: process.env.VITEST_JSON_OUTPUT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_OUTPUT
      ? { json: process.env.VITEST_JSON_OUTPUT }
      : undefined,
    projects: [
      {
        resolve: { conditions: ["@widget-tokens/source"] },
        ssr: { resolve: { conditions: ["@widget-tokens/source"] } },
        test: {
          name: "shared",
          include: ["shared/test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { conditions: ["@widget-tokens/source"] },
        ssr: { resolve: { conditions: ["@widget-tokens/source"] } },
        test: {
          name: "server",
          include: ["server/test/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { conditions: ["@widget-tokens/source"] },
        test: {
          name: "client",
          include: ["client/test/**/*.test.ts"],
          environment: "happy-dom",
        },
      },
    ],
  },
}));

import type { KnipConfig } from "knip";
import { DROP_IN_TRIGGERS } from "./client/src/drop-in/providers.js";

/**
 * knip (`npm run lint:unused`): unused files, exports and dependencies.
 * A TypeScript config rather than knip.json so that the drop-in's entry
 * points are derived from the client's provider registry (one chunk per
 * `DROP_IN_TRIGGERS` entry, `src/drop-in/<id>.ts`, built by
 * client/build/drop-in-chunks.ts), not a second, hand-kept provider list.
 */
const config: KnipConfig = {
  ignoreUnresolved: ["^/assets/", "secret-scan/(setup|global-setup)\\.ts$"],
  workspaces: {
    ".": {
      entry: ["bench/*.ts", "packaging/**/*.{ts,mjs,cjs}"],
      project: ["*.ts", "bench/**/*.ts", "packaging/**/*.{ts,mjs,cjs}"],
      ignore: ["packaging/fixtures/docs-app/**"],
      ignoreDependencies: ["@widget-tokens/.+", "ioredis", "prom-client", "express-session"],
    },
    shared: {
      entry: ["test/**/*.test.ts"],
      project: ["src/**/*.ts", "test/**/*.ts"],
    },
    client: {
      entry: [
        "src/loader.ts",
        `src/drop-in/{register-chunk,${Object.keys(DROP_IN_TRIGGERS).join(",")}}.ts`,
        "test/**/*.test.ts",
        "test-d/**/*.test-d.ts",
      ],
      project: ["src/**/*.ts", "test/**/*.ts", "test-d/**/*.ts"],
    },
    react: {
      entry: ["test/**/*.test.{ts,tsx}", "test-d/**/*.test-d.ts"],
      project: ["src/**/*.{ts,tsx}", "test/**/*.{ts,tsx}", "test-d/**/*.ts"],
    },
    vue: {
      entry: ["test/**/*.test.ts", "test-d/**/*.test-d.ts"],
      project: ["src/**/*.ts", "test/**/*.ts", "test-d/**/*.ts"],
    },
    server: {
      entry: ["test/**/*.test.ts"],
      project: ["src/**/*.ts", "test/**/*.ts"],
      ignoreDependencies: [
        "@opentelemetry/api",
        "@types/express",
        "@widget-tokens/client",
        "prom-client",
      ],
    },
    sandbox: {
      entry: ["test/**/*.test.ts"],
      project: ["src/**/*.ts", "test/**/*.ts"],
    },
    testing: {
      entry: ["test/**/*.test.ts"],
      project: ["src/**/*.ts", "test/**/*.ts"],
    },
    "example-shop": {
      entry: ["src/main.ts"],
      project: ["src/**/*.ts"],
    },
    demo: {
      entry: ["src/main.ts", "src/public/**/*.js"],
      project: ["src/**/*.{ts,js}"],
      ignoreDependencies: ["@widget-tokens/client"],
    },
    e2e: {
      entry: ["specs/**/*.spec.ts", "bindings/*-app/main.{ts,tsx}"],
      project: ["**/*.{ts,tsx}"],
      ignoreDependencies: ["@widget-tokens/.+"],
    },
  },
  ignoreExportsUsedInFile: {
    interface: true,
    type: true,
  },
};

export default config;

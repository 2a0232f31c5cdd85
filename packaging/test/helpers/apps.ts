/**
 * Every temp app the packaging files use, installed once a run by the global
 * set-up (helpers/installs.ts), each from packaging/fixtures/ and npm:
 *
 * - by name from the local registry (Verdaccio; only the @widget-tokens scope
 *   is routed to it): `server-app` (the server with express and
 *   express-session: the ESM, CJS, drop-in and optional-peer scripts of
 *   packaging.test.ts and the stranger apps of stranger-apps.test.ts),
 *   `docs-app` and `docs-app-no-peers` (the docs' TypeScript blocks),
 *   `playwright-app` (a merchant's Playwright project), `vite-app`;
 * - by tarball path: `qa-project` (the QA recipes, recipes.test.ts);
 * - one tarball of the checkout's form alone (checkout-tarballs.test.ts):
 *   `server-alone`, `sandbox-alone`, `testing-alone`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PackedPackage, ROOT } from "../../pack.js";
import type { AppPlan } from "./installs.js";

const devDependencies = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

/** A dev dependency of this repo, at the repo's own range (same major, warm cache). */
export function asInRepo(name: string): string {
  const range = devDependencies[name];
  if (!range) throw new Error(`${name} is not a devDependency of the repo`);
  return `${name}@${range}`;
}

/** What both docs apps install: the packages the docs import, and their types. */
const DOCS_APP = [
  "@widget-tokens/server",
  "@widget-tokens/client",
  "@widget-tokens/sandbox",
  "@widget-tokens/testing",
  asInRepo("express"),
  "express-session@^1",
  asInRepo("typescript"),
  asInRepo("@types/express"),
  "@types/express-session@^1",
  asInRepo("@types/node"),
  asInRepo("@playwright/test"),
  asInRepo("pino"),
];

export function appPlans(run: {
  packs: PackedPackage[];
  checkoutPacks: PackedPackage[];
  registry: { scopedNpmrc: string; preferOffline: boolean };
}): AppPlan[] {
  const tarball = (packs: PackedPackage[], workspace: string) => {
    const p = packs.find((x) => x.workspace === workspace);
    if (!p) throw new Error(`${workspace} was not packed`);
    return p.tarball;
  };
  const fromRegistry = {
    npmrc: run.registry.scopedNpmrc,
    preferOffline: run.registry.preferOffline,
  };
  // Tarballs by path: npm reads the file, no cached packument can stand in for it.
  const byPath = { preferOffline: true };
  // In the order the files need them: the server app serves two files' first
  // tests; the QA project's Playwright run is the longest to follow its install.
  return [
    {
      name: "server-app",
      fixtures: ["server-app", "stranger-app"],
      specs: ["@widget-tokens/server", asInRepo("express"), "express-session@^1"],
      ...fromRegistry,
    },
    {
      name: "qa-project",
      fixtures: [],
      specs: [
        ...["shared", "client", "server", "sandbox", "testing", "example-shop"].map((w) =>
          tarball(run.packs, w),
        ),
        asInRepo("@playwright/test"),
      ],
      ...byPath,
    },
    {
      name: "docs-app",
      fixtures: ["docs-app"],
      // docs/operations.md: the optional peers a merchant adds for Redis, metrics and logs.
      specs: [...DOCS_APP, asInRepo("ioredis"), asInRepo("prom-client")],
      ...fromRegistry,
    },
    { name: "docs-app-no-peers", fixtures: ["docs-app"], specs: DOCS_APP, ...fromRegistry },
    {
      name: "playwright-app",
      fixtures: ["playwright-app"],
      specs: ["@widget-tokens/testing", "@widget-tokens/sandbox", asInRepo("@playwright/test")],
      ...fromRegistry,
    },
    {
      name: "vite-app",
      fixtures: ["vite-app"],
      specs: ["@widget-tokens/client", asInRepo("vite")],
      ...fromRegistry,
    },
    {
      name: "server-alone",
      fixtures: ["checkout-app"],
      specs: [tarball(run.checkoutPacks, "server"), "express"],
      ...byPath,
    },
    {
      name: "sandbox-alone",
      fixtures: [],
      specs: [tarball(run.checkoutPacks, "sandbox")],
      ...byPath,
    },
    {
      name: "testing-alone",
      fixtures: [],
      specs: [tarball(run.checkoutPacks, "testing"), asInRepo("@playwright/test")],
      ...byPath,
    },
  ];
}

/**
 * The recipe runner's project (issue 23): every ```ts block of the QA docs,
 * as pasted, in a fresh Playwright project. The config block (the one calling
 * `defineConfig`) becomes playwright.config.ts with only its ports changed to
 * free ones; each block that declares a test becomes a spec; the app under
 * test (`server.js` of the config's webServer) is @widget-tokens/example-shop.
 * Blocks that are neither (a server excerpt, a global set-up, the fixtures
 * without Playwright's runner) are typechecked by packaging.test.ts and listed
 * in `skipped`, with why.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DocSnippet } from "./doc-snippets.js";

/** The docs whose ```ts blocks are recipes. */
export const RECIPE_DOCS = ["docs/testing.md", "testing/README.md"] as const;

/** The app under test, as the example shop's README gives it. */
export const EXAMPLE_SERVER_JS = `import { startExampleShop } from "@widget-tokens/example-shop";

const shop = await startExampleShop({
  port: Number(process.env.PORT ?? 3000),
  sandboxUrl: process.env.SANDBOX_URL,
  env: process.env,
});
process.once("SIGTERM", () => shop.close().then(() => process.exit(0)));
`;

export interface RecipeProject {
  /** Spec file name → the block it came from. */
  specs: Map<string, DocSnippet>;
  /** Blocks not run, with why. */
  skipped: { snippet: DocSnippet; why: string }[];
}

const isConfig = (code: string) => /\bdefineConfig\b/.test(code);
const isSpec = (code: string) => /^\s*(?:test|for\s*\(.*\)\s*\{\s*test)\b|^\s*test[.(]/m.test(code);

/** Where a block comes from, for file names: docs/testing.md line 120 → docs_testing_md_L120. */
const nameOf = (s: DocSnippet) => `${s.doc.replace(/[/.]/g, "_")}_L${s.line}`;

/**
 * Write the project into `dir` (package.json and node_modules are the
 * caller's): playwright.config.ts with `ports` in place of 3000 and 4010,
 * server.js, tests/*.spec.ts.
 */
export function writeRecipeProject(
  dir: string,
  snippets: DocSnippet[],
  ports: { shop: number; sandbox: number },
): RecipeProject {
  const configs = snippets.filter((s) => s.compiled && isConfig(s.code));
  if (configs.length !== 1) {
    throw new Error(
      `the QA docs have ${configs.length} Playwright configs (defineConfig); the runner needs exactly one`,
    );
  }
  const config = (configs[0] as DocSnippet).code
    .replaceAll("3000", String(ports.shop))
    .replaceAll("4010", String(ports.sandbox));
  writeFileSync(join(dir, "playwright.config.ts"), `${config}\n`);
  writeFileSync(join(dir, "server.js"), EXAMPLE_SERVER_JS);
  mkdirSync(join(dir, "tests"), { recursive: true });
  const specs = new Map<string, DocSnippet>();
  const skipped: RecipeProject["skipped"] = [];
  for (const s of snippets) {
    if (s === configs[0]) continue;
    if (!s.compiled) skipped.push({ snippet: s, why: "marked not-compiled" });
    else if (!isSpec(s.code)) skipped.push({ snippet: s, why: "declares no test" });
    else {
      const file = `${nameOf(s)}.spec.ts`;
      writeFileSync(join(dir, "tests", file), `${s.code}\n`);
      specs.set(file, s);
    }
  }
  return { specs, skipped };
}

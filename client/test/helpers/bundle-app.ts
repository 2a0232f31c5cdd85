import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const testDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * Build a merchant's app the way Vite builds one for production (minified,
 * tree-shaken), from an entry written in `code` that imports the built
 * client by package name (`@widget-tokens/client`, `…/fluz`: the `exports`
 * map and `dist/`, as an install resolves them). Returns the JavaScript of
 * the bundle. Needs `npm run build` first.
 *
 * @example
 * const js = await bundleApp(`import { createWidgetClient } from "@widget-tokens/client"; window.w = createWidgetClient;`);
 */
export async function bundleApp(code: string): Promise<string> {
  // Inside the repository, so that the workspace's node_modules resolves the package.
  const dir = mkdtempSync(join(testDir, ".bundle-"));
  try {
    const entry = join(dir, "main.js");
    writeFileSync(entry, code);
    const out = (await build({
      configFile: false,
      logLevel: "silent",
      root: dir,
      build: {
        write: false,
        minify: true,
        target: "es2020",
        modulePreload: false,
        rollupOptions: { input: entry },
      },
    })) as { output: { code?: string }[] } | { output: { code?: string }[] }[];
    const result = Array.isArray(out) ? out[0]! : out;
    return result.output.map((o) => o.code ?? "").join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An entry that builds a client with the given provider factories (`["fluz"]`). */
export function clientEntry(providers: readonly string[]): string {
  const args: Record<string, string> = {
    fluz: '{ scriptUrl: "/fluz.js" }',
    impact: '{ tenantAlias: "shop" }',
    gr4vy: "{}",
    jackpot: '{ iframeUrl: "/jackpot" }',
  };
  return [
    'import { createWidgetClient } from "@widget-tokens/client";',
    ...providers.map((p) => `import { ${p} } from "@widget-tokens/client/${p}";`),
    `window.widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [${providers
      .map((p) => `${p}(${args[p]})`)
      .join(", ")}] });`,
  ].join("\n");
}

import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Plugin, build } from "vite";

/** The modules of the core chunk: provider chunks leave them out and read them from it. */
const CORE_MODULES = ["adapters/adapter-core.ts", "errors.ts", "load-script.ts", "token-api.ts"];

/**
 * The drop-in build (`vite build --mode drop-in`, from client/): before the
 * bootstrap itself (`src/loader.ts` → `dist/loader.iife.js`) is bundled,
 * build one classic-script chunk per provider (`src/drop-in/<id>.ts`) and
 * the core chunk they share (`src/drop-in/core.ts`) into
 * `dist/chunks/<name>.<hash>.js`, and hand their names and `sha384`
 * integrity to the bootstrap: this plugin replaces `src/drop-in/manifest.ts`
 * with them, and writes the same to `dist/chunks/manifest.json` for the
 * server. A chunk is an IIFE that sets `window.WidgetTokens.chunks[name]`;
 * a provider chunk gets the core as `WidgetTokens.chunks.core`, an object
 * the bootstrap creates first and the core chunk fills, so the two may run
 * in either order.
 *
 * @example
 * // vite.config.ts
 * plugins: mode === "drop-in" ? [dropInChunks({ root: here("./client"), providers: ["fluz", "impact"] })] : [],
 */
export function dropInChunks(settings: {
  /** The client package folder. */
  root: string;
  /** Provider ids: one chunk each, from `src/drop-in/<id>.ts`. */
  providers: readonly string[];
  /** Resolve conditions (the repository's `@widget-tokens/source`, to bundle shared from its sources). */
  conditions?: string[];
}): Plugin {
  const src = join(settings.root, "src");
  const outDir = join(settings.root, "dist", "chunks");
  const manifestModule = join(src, "drop-in", "manifest.ts");
  const core = new Set(CORE_MODULES.map((m) => join(src, m)));
  const manifest: Record<string, [file: string, integrity: string]> = {};

  /** `../errors.js` imported from `importer`, as the source file it names. */
  const sourceOf = (id: string, importer: string | undefined) =>
    (id.startsWith(".") && importer ? resolve(dirname(importer), id) : id).replace(/\.js$/, ".ts");

  const bundle = async (name: string): Promise<string> => {
    const output = await build({
      configFile: false,
      logLevel: "warn",
      resolve: { conditions: settings.conditions ?? ["module", "browser", "default"] },
      build: {
        write: false,
        minify: true,
        target: "es2020",
        lib: {
          entry: join(src, "drop-in", `${name}.ts`),
          formats: ["iife"],
          name: `WidgetTokens.chunks.${name}`,
          fileName: () => `${name}.js`,
        },
        rollupOptions: {
          external:
            name === "core" ? [] : (id, importer) => core.has(sourceOf(id, importer ?? undefined)),
          output: { globals: () => "WidgetTokens.chunks.core", extend: true },
        },
      },
    });
    const result = Array.isArray(output) ? output[0] : output;
    const chunk = (result as { output: { type: string; code?: string }[] }).output.find(
      (o) => o.type === "chunk",
    );
    if (!chunk?.code) throw new Error(`drop-in chunk ${name}: no output`);
    return chunk.code;
  };

  return {
    name: "widget-tokens:drop-in-chunks",
    async buildStart() {
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
      for (const name of ["core", ...settings.providers]) {
        const code = await bundle(name);
        const hash = createHash("sha256").update(code).digest("hex").slice(0, 8);
        const file = `${name}.${hash}.js`;
        writeFileSync(join(outDir, file), code);
        manifest[name] = [file, `sha384-${createHash("sha384").update(code).digest("base64")}`];
      }
      writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    load(id) {
      if (id === manifestModule) return `export const MANIFEST = ${JSON.stringify(manifest)};`;
      return undefined;
    },
  };
}

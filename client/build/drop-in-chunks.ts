import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Plugin, build } from "vite";
import { chunkFile } from "../src/drop-in/chunk-file.js";

/** The modules of the core chunk: provider chunks leave them out and read them from it. */
const CORE_MODULES = ["adapters/adapter-core.ts", "errors.ts", "token-api.ts"];
/** The bootstrap's own module that chunks share. */
const BOOTSTRAP_MODULE = "load-script.ts";
/** Chunks that are not a provider's: their module's exports go onto `WidgetTokens`. */
const LIBRARIES = ["core", "messages"];
const ENTRY = ".drop-in-entry.js";

/**
 * The drop-in build (`vite build --mode drop-in`, from client/): before the
 * bootstrap itself (`src/loader.ts` → `dist/loader.iife.js`) is bundled,
 * build the core chunk (`src/drop-in/core.ts`) and one chunk per provider
 * (`src/drop-in/<id>.ts`) into `dist/chunks/<name>.<hash>.js` (`chunkFile`),
 * and hand their `sha384` integrity to the bootstrap: this plugin replaces
 * `src/drop-in/manifest.ts` with them. `dist/chunks/manifest.json` lists
 * each chunk's file and integrity, for the server.
 *
 * Chunks are classic scripts (IIFEs: a script tag's `integrity` is what the
 * browser checks) that meet on `window.WidgetTokens`, which the bootstrap
 * creates first: the core chunk adds its exports to it, a provider chunk
 * sets `WidgetTokens.chunks[id]` to its `{ provider, start }` and reads the
 * core's modules (and the bootstrap's script loader) from `WidgetTokens`
 * when it calls them, so the chunks may run in either order.
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
  // In the core chunk, the errors of a failed request load the messages chunk (which has the real ones).
  const networkError = join(src, "network-error.ts");
  const lazyErrors = join(src, "drop-in", "lazy-errors.ts");
  const shared = new Set([...CORE_MODULES, BOOTSTRAP_MODULE].map((m) => join(src, m)));
  const manifest: Record<string, string> = {};
  const files: Record<string, { file: string; integrity: string }> = {};

  /** `../errors.js` imported from `importer`, as the source file it names. */
  const sourceOf = (id: string, importer: string | undefined) =>
    (id.startsWith(".") && importer ? resolve(dirname(importer), id) : id).replace(/\.js$/, ".ts");

  const bundle = async (name: string): Promise<string> => {
    const module = join(src, "drop-in", `${name}.ts`);
    const entry = join(src, "drop-in", `${name}${ENTRY}`);
    const output = await build({
      configFile: false,
      logLevel: "warn",
      resolve: { conditions: settings.conditions ?? ["module", "browser", "default"] },
      plugins: [
        {
          name: "widget-tokens:drop-in-entry",
          enforce: "pre",
          resolveId: (id, importer) =>
            id === entry
              ? id
              : name === "core" && sourceOf(id, importer) === networkError
                ? lazyErrors
                : undefined,
          load: (id) =>
            id === entry
              ? `import { provider, start } from ${JSON.stringify(module)};\nWidgetTokens.chunks[${JSON.stringify(name)}] = { provider, start };\n`
              : undefined,
        },
      ],
      build: {
        write: false,
        minify: true,
        target: "es2020",
        lib: LIBRARIES.includes(name)
          ? { entry: module, formats: ["iife"], name: "WidgetTokens", fileName: () => `${name}.js` }
          : { entry, formats: ["iife"], name: "WidgetTokens", fileName: () => `${name}.js` },
        rollupOptions: {
          external: (id, importer) =>
            name !== "core" && shared.has(sourceOf(id, importer ?? undefined)),
          output: {
            globals: () => "WidgetTokens",
            extend: true,
            generatedCode: { symbols: false },
          },
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
      for (const name of [...LIBRARIES, ...settings.providers]) {
        const code = await bundle(name);
        const integrity = `sha384-${createHash("sha384").update(code).digest("base64")}`;
        const file = chunkFile(name, integrity);
        writeFileSync(join(outDir, file), code);
        manifest[name] = integrity;
        files[name] = { file, integrity };
      }
      writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(files, null, 2)}\n`);
    },
    load(id) {
      if (id === manifestModule) return `export const MANIFEST = ${JSON.stringify(manifest)};`;
      return undefined;
    },
  };
}

import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Plugin, build } from "vite";
// The sources, not the package: this file is loaded with vite.config.ts, before anything is built.
import { TOKEN_ROUTES } from "../../shared/src/providers.js";
import { chunkFile } from "../src/drop-in/chunk-file.js";
import { DROP_IN_MINIFY } from "./drop-in-protocol.js";

/** What chunks take from `WidgetTokens`, the IIFE's parameter, instead of bundling it. */
const PAGE_GLOBAL = "drop-in/page-global.ts";
/** The bootstrap's own modules: in a chunk, `PAGE_GLOBAL` stands for them. */
const FROM_BOOTSTRAP = ["load-script.ts", "errors.ts", PAGE_GLOBAL];
/** The one chunk that is not a provider's: its module's exports go onto `WidgetTokens`. */
const MESSAGES = "messages";
/** The integrity algorithm (SRI allows sha256, sha384, sha512; see docs/decisions.md, "Sizes"). */
const ALGORITHM = "sha256";
const ENTRY = ".drop-in-entry.js";
/** A free identifier the minifier keeps, replaced by the manifest's JSON once minified. */
const MANIFEST_SLOT = "__WIDGET_TOKENS_MANIFEST__";

/** A provider chunk's one token route (the messages chunk posts nothing). */
const routeOf = (name: string): string | undefined =>
  (TOKEN_ROUTES as Record<string, string>)[name];

/**
 * The drop-in build (`vite build --mode drop-in`, from client/): before the
 * bootstrap itself (`src/loader.ts` → `dist/loader.iife.js`) is bundled,
 * build one chunk per provider (`src/drop-in/<id>.ts`) and the messages
 * chunk (`src/drop-in/messages.ts`) into `dist/chunks/<name>.<hash>.js`
 * (`chunkFile`), and hand their integrity to the bootstrap: this plugin
 * replaces `src/drop-in/manifest.ts` with it. `dist/chunks/manifest.json`
 * lists each chunk's file and integrity, for the server.
 *
 * Chunks are classic scripts (IIFEs: a script tag's `integrity` is what the
 * browser checks) that meet on `window.WidgetTokens`, which the bootstrap
 * creates first. A provider chunk is whole: its adapter with the adapter
 * core and the token API, with its own token route only (a page with one
 * provider loads the bootstrap and one chunk), and sets
 * `WidgetTokens.chunks[id]` to its `ProviderChunk`. What the bootstrap has
 * (its script loader, so every chunk shares one script cache, and its
 * error class) is read from `WidgetTokens` through `page-global.ts`, the
 * IIFE's parameter. Modules swapped in: `page-global.ts` for
 * `load-script.ts` and `errors.ts` (one script cache and one error class a
 * page), `lazy-errors.ts` for `network-error.ts` in provider chunks (the
 * errors of a failed request load the messages chunk, which has the real
 * ones), and a one-route `TOKEN_ROUTES` for `token-routes.ts`. Every file
 * is minified with `DROP_IN_MINIFY` (the members of `WidgetTokens` only the
 * drop-in uses get one-letter names).
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
  const tokenApi = join(src, "token-api.ts");
  const fromBootstrap = new Set(FROM_BOOTSTRAP.map((path) => join(src, path)));
  const pageGlobal = join(src, PAGE_GLOBAL);
  const networkError = join(src, "network-error.ts");
  const lazyErrors = join(src, "drop-in", "lazy-errors.ts");
  const tokenRoutes = join(src, "token-routes.ts");
  const ONE_ROUTE = "\0widget-tokens:one-route";
  const manifest: Record<string, string> = {};
  const files: Record<string, { file: string; integrity: string }> = {};

  /** `../errors.js` imported from `importer`, as the source file it names. */
  const sourceOf = (id: string, importer: string | undefined) =>
    (id.startsWith(".") && importer ? resolve(dirname(importer), id) : id).replace(/\.js$/, ".ts");

  const bundle = async (name: string): Promise<string> => {
    const module = join(src, "drop-in", `${name}.ts`);
    const entry = join(src, "drop-in", `${name}${ENTRY}`);
    const swap = (id: string, importer: string | undefined) => {
      const source = sourceOf(id, importer);
      if (fromBootstrap.has(source)) return { id: pageGlobal, external: true };
      if (source === networkError && name !== MESSAGES) return lazyErrors;
      if (source === tokenRoutes) return ONE_ROUTE;
      return undefined;
    };
    const output = await build({
      configFile: false,
      logLevel: "warn",
      define: { __WIDGET_TOKENS_DROP_IN__: "true" },
      resolve: { conditions: settings.conditions ?? ["module", "browser", "default"] },
      plugins: [
        {
          name: "widget-tokens:drop-in-entry",
          enforce: "pre",
          resolveId: (id, importer) => (id === entry ? id : swap(id, importer)),
          load: (id) =>
            id === ONE_ROUTE
              ? `export const TOKEN_ROUTES = ${JSON.stringify({ [name]: routeOf(name) })};`
              : id === entry
                ? [
                    `import { provider, start } from ${JSON.stringify(module)};`,
                    `import { createTokenApi } from ${JSON.stringify(tokenApi)};`,
                    `import { chunks } from ${JSON.stringify(pageGlobal)};`,
                    `chunks[${JSON.stringify(name)}] = {`,
                    "  createAdapter: (options, endpoint) => provider(options).create(createTokenApi({ endpoint })),",
                    "  startWidget: start,",
                    "};",
                  ].join("\n")
                : undefined,
        },
      ],
      build: {
        write: false,
        minify: true,
        target: "es2020",
        lib: {
          entry: name === MESSAGES ? module : entry,
          formats: ["iife"],
          name: "WidgetTokens",
          fileName: () => `${name}.js`,
        },
        rollupOptions: {
          output: {
            minify: DROP_IN_MINIFY,
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
      for (const name of [MESSAGES, ...settings.providers]) {
        const code = await bundle(name);
        const integrity = `${ALGORITHM}-${createHash(ALGORITHM).update(code).digest("base64")}`;
        const file = chunkFile(name, integrity);
        writeFileSync(join(outDir, file), code);
        manifest[name] = integrity;
        files[name] = { file, integrity };
      }
      writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(files, null, 2)}\n`);
    },
    load(id) {
      if (id === manifestModule) return `export const MANIFEST = ${MANIFEST_SLOT};`;
      return undefined;
    },
    generateBundle(_options, bundle) {
      // After minifying: the manifest goes in as its JSON text (a valid object
      // literal), which the server finds as is and narrows to the providers
      // it serves (server/src/loader/drop-in-assets.ts).
      for (const file of Object.values(bundle)) {
        if (file.type !== "chunk" || !file.code.includes(MANIFEST_SLOT)) continue;
        if (file.code.split(MANIFEST_SLOT).length !== 2)
          throw new Error("drop-in: one manifest slot");
        file.code = file.code.replace(MANIFEST_SLOT, JSON.stringify(manifest));
      }
    },
  };
}

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Plugin, build } from "vite";
import { chunkFile } from "../src/drop-in/chunk-file.js";

/** The integrity algorithm (SRI allows sha256, sha384, sha512). */
const ALGORITHM = "sha256";
const ENTRY = ".drop-in-entry.js";

/**
 * The drop-in build (`vite build --mode drop-in`, from client/): besides the
 * bootstrap (`src/loader.ts` → `dist/loader.iife.js`), one chunk per
 * provider (`src/drop-in/<id>.ts`) in `dist/chunks/<id>.<hash>.js` (or
 * `chunks/` of the build's `outDir`)
 * (`chunkFile`), and `dist/chunks/manifest.json`, each chunk's file and
 * integrity, which the middleware serves to the bootstrap.
 *
 * A chunk is a classic script (an IIFE: a script tag's `integrity` is what
 * the browser checks) that bundles what it uses, exactly as an app's
 * bundler would: the adapter, the adapter core, the token API, the script
 * loader. Its entry is the module and one call, `registerChunk(id,
 * module)`, which puts it on `window.WidgetTokens.chunks[id]`.
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
  const src = join(settings.root, "src", "drop-in");
  // Beside the bootstrap (`build.outDir`, `--outDir`), each with the bootstrap's `postBanner`, if any.
  let outDir = join(settings.root, "dist", "chunks");
  let banner: string | undefined;

  const bundle = async (name: string): Promise<string> => {
    const entry = join(src, `${name}${ENTRY}`);
    const module = join(src, `${name}.ts`);
    // What the module exports of the contract: `prefetch` is optional (named, not `* as`: a
    // namespace object would cost every chunk ~100 bytes).
    const names = ["provider", "start", "prefetch"].filter((n) =>
      new RegExp(`^export const ${n}\\b`, "m").test(readFileSync(module, "utf8")),
    );
    const output = await build({
      configFile: false,
      logLevel: "warn",
      resolve: { conditions: settings.conditions ?? ["module", "browser", "default"] },
      plugins: [
        {
          name: "widget-tokens:drop-in-entry",
          resolveId: (id) => (id === entry ? id : undefined),
          load: (id) =>
            id === entry
              ? [
                  `import { ${names.join(", ")} } from ${JSON.stringify(module)};`,
                  `import { registerChunk } from ${JSON.stringify(join(src, "register-chunk.ts"))};`,
                  `registerChunk(${JSON.stringify(name)}, { ${names.join(", ")} });`,
                ].join("\n")
              : undefined,
        },
      ],
      build: {
        write: false,
        minify: true,
        target: "es2020",
        lib: { entry, formats: ["iife"], name: "WidgetTokensChunk", fileName: () => `${name}.js` },
        rolldownOptions: { output: banner === undefined ? {} : { postBanner: banner } },
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
    configResolved(config) {
      outDir = join(config.build.outDir, "chunks");
      const output = config.build.rolldownOptions.output;
      const text = Array.isArray(output) ? undefined : output?.postBanner;
      banner = typeof text === "string" ? text : undefined;
    },
    async buildStart() {
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
      const manifest: Record<string, { file: string; integrity: string }> = {};
      for (const name of settings.providers) {
        const code = await bundle(name);
        const integrity = `${ALGORITHM}-${createHash(ALGORITHM).update(code).digest("base64")}`;
        const file = chunkFile(name, integrity);
        writeFileSync(join(outDir, file), code);
        manifest[name] = { file, integrity };
      }
      writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

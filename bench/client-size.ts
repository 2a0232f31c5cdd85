// Raw and gzip sizes of every built client file (client/dist, from the last
// `npm run build`), against the budget the tests enforce where one names a
// single file, and each one-provider drop-in page, both ways (the composite
// budgets, a drop-in page or an app bundle, are client/test/bundle-size.test.ts's).
//   npx tsx bench/client-size.ts
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { SIZE_BUDGETS } from "../client/test/size-budgets.js";

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  budget?: number;
}

const DIST = fileURLToPath(new URL("../client/dist/", import.meta.url));
/** Budgets of single files, by their path in client/dist. */
const bootstrap: unknown = (SIZE_BUDGETS as unknown as Record<string, unknown>).bootstrap;
const FILE_BUDGETS: Record<string, number | undefined> = {
  "loader.iife.js": typeof bootstrap === "number" ? bootstrap : undefined,
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * Every file a browser or bundler loads from client/dist (JavaScript, JSON),
 * then the type declarations and source maps summed in one line each.
 */
export function clientSizes(): { files: FileSize[]; declarations: FileSize; maps: FileSize } {
  const files: FileSize[] = [];
  const declarations: FileSize = { file: "*.d.ts (types)", raw: 0, gzip: 0 };
  const maps: FileSize = { file: "*.map (source maps)", raw: 0, gzip: 0 };
  for (const path of walk(DIST).sort()) {
    const file = relative(DIST, path).split("\\").join("/");
    const bytes = readFileSync(path);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const sum = file.endsWith(".map") ? maps : /\.d\.ts$/.test(file) ? declarations : undefined;
    if (sum) {
      sum.raw += bytes.length;
      sum.gzip += gzip;
      continue;
    }
    const budget = FILE_BUDGETS[file];
    files.push({ file, raw: bytes.length, gzip, ...(budget === undefined ? {} : { budget }) });
  }
  return { files, declarations, maps };
}

/** A one-provider drop-in page, bodies gzip -9, the two ways a page's tag can ask for it. */
export interface DropInPage {
  provider: string;
  /** `loader.js?providers=<id>`: the bootstrap, a newline and the chunk, one file (server/src/loader/drop-in-assets.ts). */
  oneFile: number;
  /** The plain `loader.js`, the provider's manifest entry (`?provider=<id>`, sent plain: gzip makes it bigger), the chunk. */
  separate: number;
}

/** Each provider's one-provider page, from client/dist. */
export function dropInPages(): DropInPage[] {
  const gzip = (body: Buffer | string) => gzipSync(body, { level: 9 }).length;
  const loader = readFileSync(join(DIST, "loader.iife.js"));
  const manifest = JSON.parse(
    readFileSync(join(DIST, "chunks", "manifest.json"), "utf8"),
  ) as Record<string, { file: string; integrity: string }>;
  return Object.entries(manifest).map(([provider, entry]) => {
    const chunk = readFileSync(join(DIST, "chunks", entry.file));
    const answer = JSON.stringify({ [provider]: entry });
    return {
      provider,
      oneFile: gzip(Buffer.concat([loader, Buffer.from("\n"), chunk])),
      separate: gzip(loader) + Math.min(gzip(answer), answer.length) + gzip(chunk),
    };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, declarations, maps } = clientSizes();
  for (const f of [...files, declarations, maps]) {
    const budget = f.budget
      ? `  budget ${f.budget} B (${((f.gzip / f.budget) * 100).toFixed(0)}%)`
      : "";
    console.log(
      `${f.file.padEnd(36)} ${String(f.raw).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B${budget}`,
    );
  }
  const budgets = SIZE_BUDGETS as unknown as Record<string, number | undefined>;
  for (const p of dropInPages()) {
    console.log(
      `one-provider page, ${p.provider.padEnd(8)} loader.js?providers= ${p.oneFile} B (budget ${budgets.dropInPage}), loader.js + manifest entry + chunk ${p.separate} B (budget ${budgets.dropInPageSeparate})`,
    );
  }
}

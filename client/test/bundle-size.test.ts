// @vitest-environment node
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chunkFile } from "../src/drop-in/chunk-file.js";
import { bundleApp, clientEntry } from "./helpers/bundle-app.js";
import { SIZE_BUDGETS } from "./size-budgets.js";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const PROVIDERS = ["fluz", "impact", "gr4vy", "jackpot"];
const gzip = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const file = (path: string) => {
  expect(existsSync(`${dist}${path}`), `${dist}${path} is missing: run \`npm run build\``).toBe(
    true,
  );
  return readFileSync(`${dist}${path}`);
};
const manifest = () =>
  JSON.parse(file("chunks/manifest.json").toString()) as Record<
    string,
    { file: string; integrity: string }
  >;

describe("the drop-in", () => {
  it(`the bootstrap stays within ${SIZE_BUDGETS.bootstrap} bytes gzipped`, () => {
    expect(gzip(file("loader.iife.js"))).toBeLessThanOrEqual(SIZE_BUDGETS.bootstrap);
  });

  const chunk = (provider: string) => file(`chunks/${manifest()[provider]!.file}`);

  it.each(PROVIDERS)(
    `a page with only %s, from loader.js?providers=<id> (the bootstrap and the chunk in one file, as the middleware serves it), stays within ${SIZE_BUDGETS.dropInPage} bytes`,
    (provider) => {
      // server/src/loader/drop-in-assets.ts: the bootstrap, a newline, the chunk.
      const bundle = Buffer.concat([file("loader.iife.js"), Buffer.from("\n"), chunk(provider)]);
      expect(gzip(bundle)).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPage);
    },
  );

  it.each(PROVIDERS)(
    `a page with only %s, from the plain loader.js, stays within ${SIZE_BUDGETS.dropInPageSeparate} bytes (bootstrap + its manifest entry + chunk)`,
    (provider) => {
      // The answer to chunks/manifest.json?provider=<id>, sent plain (gzip makes it bigger).
      const entry = JSON.stringify({ [provider]: manifest()[provider] });
      const bytes =
        gzip(file("loader.iife.js")) + Math.min(gzip(entry), entry.length) + gzip(chunk(provider));
      expect(bytes).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPageSeparate);
    },
  );

  it("names every chunk by its sha256 hash; the bootstrap carries none (it asks for the manifest)", () => {
    const bootstrap = file("loader.iife.js").toString();
    const chunks = manifest();
    expect(Object.keys(chunks).sort()).toEqual([...PROVIDERS].sort());
    for (const [name, { file: chunk, integrity }] of Object.entries(chunks)) {
      expect(integrity).toMatch(/^sha256-[A-Za-z\d+/]{43}=$/);
      expect(chunk).toBe(chunkFile(name, integrity));
      expect(bootstrap).not.toContain(integrity);
    }
  });

  it("a provider chunk is whole, and registers by the names of the chunk contract", () => {
    for (const provider of PROVIDERS) {
      const code = file(`chunks/${manifest()[provider]!.file}`).toString();
      // The ESM build's adapter core and token API, and the contract's names unmangled.
      expect(code).toContain("AbortController");
      expect(code).toContain("Idempotency-Key");
      expect(code).toMatch(/\bchunks\b/);
      expect(code).toMatch(/\bcreate:/);
      expect(code).toMatch(/\bstart:/);
      expect(code).toContain(`"${provider}"`.replace(/"/g, "`"));
    }
  });

  it("is dependency-free classic scripts, no imports", () => {
    const chunks = manifest();
    for (const path of [
      "loader.iife.js",
      ...Object.values(chunks).map((c) => `chunks/${c.file}`),
    ]) {
      expect(file(path).toString()).not.toMatch(/\bimport\s*[({"']/);
    }
  });
});

describe("the ESM build in a production app", () => {
  it(`the core alone stays within ${SIZE_BUDGETS.esmCore} bytes gzipped`, async () => {
    expect(gzip(await bundleApp(clientEntry([])))).toBeLessThanOrEqual(SIZE_BUDGETS.esmCore);
  }, 60_000);

  it.each(PROVIDERS)(
    `the core and %s stay within ${SIZE_BUDGETS.esmCoreAndAdapter} bytes gzipped`,
    async (provider) => {
      expect(gzip(await bundleApp(clientEntry([provider])))).toBeLessThanOrEqual(
        SIZE_BUDGETS.esmCoreAndAdapter,
      );
    },
    60_000,
  );

  it("has no bare imports (dependency-free)", () => {
    const lib = readdirSync(`${dist}lib`).filter((f) => f.endsWith(".js"));
    expect(lib.length).toBeGreaterThan(0);
    for (const path of [
      ...["widget-tokens", ...PROVIDERS, "all"].map((e) => `${e}.js`),
      ...lib.map((f) => `lib/${f}`),
    ]) {
      expect(file(path).toString(), path).not.toMatch(/^(?:import|export)\b.*from\s*["'][^./]/m);
    }
  });
});

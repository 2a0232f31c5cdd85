// @vitest-environment node
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DROP_IN_PROTOCOL as P } from "../build/drop-in-protocol.js";
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

  /**
   * The bootstrap a middleware serves when it configures `providers`: the
   * manifest's JSON text narrowed as server/src/loader/drop-in-assets.ts
   * narrows it (server/test/loader.test.ts checks the served file is this).
   */
  const servedBootstrap = (providers: readonly string[]) => {
    const all = Object.fromEntries(
      Object.entries(manifest()).map(([name, { integrity }]) => [name, integrity]),
    );
    const only = Object.fromEntries(
      Object.entries(all).filter(([name]) => name === "messages" || providers.includes(name)),
    );
    const text = file("loader.iife.js").toString();
    expect(text.split(JSON.stringify(all))).toHaveLength(2);
    return text.replace(JSON.stringify(all), JSON.stringify(only));
  };
  const page = (provider: string, bootstrap: string) =>
    gzip(bootstrap) + gzip(file(`chunks/${manifest()[provider]!.file}`));

  it.each(
    PROVIDERS.flatMap((provider) => [
      [provider, "that provider", [provider]],
      [provider, "every provider", PROVIDERS],
    ]),
  )(
    `a page with only %s, from a middleware that serves %s, stays within ${SIZE_BUDGETS.dropInPage} bytes (the bootstrap as served + the chunk)`,
    (provider, _served, providers) => {
      expect(page(provider, servedBootstrap(providers))).toBeLessThanOrEqual(
        SIZE_BUDGETS.dropInPage,
      );
    },
  );

  it("gives the members of WidgetTokens only the drop-in uses their short names; `client` keeps its own", () => {
    const files = [
      "loader.iife.js",
      ...Object.values(manifest()).map(({ file: chunk }) => `chunks/${chunk}`),
    ].map((path) => file(path).toString());
    for (const name of Object.keys(P)) {
      for (const code of files) expect(code).not.toMatch(new RegExp(`\\.${name}\\b|\\b${name}:`));
    }
    expect(files[0]).toMatch(/\bclient:\{\}/);
  });

  it("names every chunk by its sha256 hash and carries its integrity in the bootstrap", () => {
    const bootstrap = file("loader.iife.js").toString();
    const chunks = manifest();
    expect(Object.keys(chunks).sort()).toEqual(["messages", ...PROVIDERS].sort());
    for (const [name, { file: chunk, integrity }] of Object.entries(chunks)) {
      expect(integrity).toMatch(/^sha256-[A-Za-z\d+/]{43}=$/);
      expect(chunk).toBe(chunkFile(name, integrity));
      expect(bootstrap).toContain(integrity);
    }
  });

  it("a provider chunk is whole: the page loads no other chunk before a failure", () => {
    for (const provider of PROVIDERS) {
      const code = file(`chunks/${manifest()[provider]!.file}`).toString();
      // Its own token route only, the adapter core, the token API.
      expect(code).toMatch(new RegExp(`\\.${P.chunks}\\.${provider}=\\{${P.createAdapter}:`));
      expect(code.match(/"\/[a-z\d]+\/[a-z-]+-token"|`\/[a-z\d]+\/[a-z-]+-token`/g)).toHaveLength(
        1,
      );
      expect(code).toContain("AbortController");
      expect(code).toContain("Idempotency-Key");
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

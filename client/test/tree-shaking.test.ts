// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/widget-tokens.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "wt-shake-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundle a merchant's entry that imports `names` from the built ESM module; return the output. */
async function bundle(names: string[]): Promise<string> {
  const entry = join(work, `entry-${names.join("-")}.js`);
  writeFileSync(
    entry,
    `import { ${names.join(", ")} } from ${JSON.stringify(dist)};\nwindow.__used = [${names.join(", ")}];\n`,
  );
  const out = (await build({
    configFile: false,
    logLevel: "silent",
    build: { write: false, minify: true, lib: { entry, formats: ["es"], fileName: "out" } },
  })) as { output: { code?: string }[] }[] | { output: { code?: string }[] };
  const result = Array.isArray(out) ? out[0]! : out;
  return result.output.map((o) => o.code ?? "").join("\n");
}

describe("each provider adapter is tree-shakable", () => {
  it("a page that uses only Fluz ships no other provider's adapter", async () => {
    const code = await bundle(["createFluzWidget", "createTokenApi"]);
    expect(code).toContain("FluzWidget");
    expect(code).not.toContain("impact-embed");
    expect(code).not.toContain("gr4vy-embed");
    expect(code).not.toContain("JackpotWidget");
  });

  it("a page that uses only the script loader ships no adapter at all", async () => {
    const code = await bundle(["loadScript"]);
    expect(code).toContain("SCRIPT_LOAD_FAILED");
    for (const marker of ["FluzWidget", "impact-embed", "gr4vy-embed", "JackpotWidget"]) {
      expect(code).not.toContain(marker);
    }
  });

  it("the full client does contain them (the markers are real)", async () => {
    const code = await bundle(["createWidgetClient"]);
    for (const marker of ["FluzWidget", "impact-embed", "gr4vy-embed", "JackpotWidget"]) {
      expect(code).toContain(marker);
    }
  });
});

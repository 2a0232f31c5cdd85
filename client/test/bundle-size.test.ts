// @vitest-environment node
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SIZE_BUDGETS } from "./size-budgets.js";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

describe("built client files", () => {
  it.each(Object.entries(SIZE_BUDGETS))("%s stays within %i bytes gzipped", (file, budget) => {
    const path = `${dist}${file}`;
    expect(existsSync(path), `${path} is missing: run \`npm run build\``).toBe(true);
    const gz = gzipSync(readFileSync(path), { level: 9 }).length;
    expect(gz).toBeLessThanOrEqual(budget);
  });

  it("the IIFE has no imports and the ESM build no bare imports (dependency-free)", () => {
    const iife = readFileSync(`${dist}loader.iife.js`, "utf8");
    expect(iife).not.toMatch(/\bimport\s*[({"']/);
    const esm = readFileSync(`${dist}widget-tokens.js`, "utf8");
    expect(esm).not.toMatch(/from\s*["'][^./]/);
  });
});

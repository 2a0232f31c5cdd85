/**
 * `npm run pack` builds only what is stale (issue 22, item 6): a workspace
 * whose built entry is missing, or older than a file its build reads (its
 * own and its @widget-tokens dependencies' sources and configs). On a tree
 * of fake workspaces in a temp dir, with set modification times.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleWorkspaces } from "../stale.js";

let root = "";
const T0 = new Date("2026-01-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Write `file` (root-relative) with its mtime `minutes` after T0. */
function write(file: string, minutes: number, content = "x"): void {
  const abs = join(root, file);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  utimesSync(abs, at(minutes), at(minutes));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "widget-tokens-stale-"));
  write("tsconfig.base.json", 0);
  write("shared/package.json", 0, JSON.stringify({ name: "@widget-tokens/shared" }));
  write("shared/src/index.ts", 1);
  write("shared/dist/index.js", 10);
  write(
    "client/package.json",
    0,
    JSON.stringify({
      name: "@widget-tokens/client",
      dependencies: { "@widget-tokens/shared": "0.1.0" },
    }),
  );
  write("client/src/index.ts", 1);
  write("client/build/plugin.ts", 1);
  write("vite.config.ts", 1);
  write("client/dist/widget-tokens.js", 10);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("staleWorkspaces", () => {
  it("is empty when every built entry is newer than everything its build reads", () => {
    expect(staleWorkspaces(root, ["shared", "client"])).toEqual([]);
  });

  it("names a workspace whose built entry is missing", () => {
    rmSync(join(root, "shared", "dist"), { recursive: true });
    expect(staleWorkspaces(root, ["shared", "client"])).toEqual([
      { workspace: "shared", why: "dist/index.js is missing" },
    ]);
  });

  it("names a workspace with a source newer than its build, and the file", () => {
    write("client/src/deep/adapter.ts", 20);
    expect(staleWorkspaces(root, ["shared", "client"])).toEqual([
      {
        workspace: "client",
        why: "client/src/deep/adapter.ts is newer than dist/widget-tokens.js",
      },
    ]);
  });

  it("rebuilds a dependent when a dependency's source changed (the client bundles shared)", () => {
    write("shared/src/index.ts", 20);
    expect(staleWorkspaces(root, ["shared", "client"]).map((s) => s.workspace)).toEqual([
      "shared",
      "client",
    ]);
  });

  it("counts build configs: the client's Vite config, the shared tsconfig base", () => {
    write("vite.config.ts", 20);
    expect(staleWorkspaces(root, ["shared", "client"]).map((s) => s.workspace)).toEqual(["client"]);
    write("tsconfig.base.json", 30);
    expect(staleWorkspaces(root, ["shared", "client"]).map((s) => s.workspace)).toEqual([
      "shared",
      "client",
    ]);
  });

  it("does not count package.json or tests: they are not what dist/ is built from", () => {
    write("shared/package.json", 20, JSON.stringify({ name: "@widget-tokens/shared" }));
    write("shared/test/a.test.ts", 20);
    expect(staleWorkspaces(root, ["shared", "client"])).toEqual([]);
  });
});

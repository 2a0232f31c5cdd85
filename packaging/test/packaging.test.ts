/**
 * The packages as a merchant gets them (issue 10, section 2). After the build
 * (`npm test` builds first; alone: `npm run build && npx vitest run --project packaging`):
 *
 * 1. The tarballs `npm pack` wrote (packaging/pack.ts, as `npm run pack`; once
 *    a run, in the project's global set-up): README, LICENSE, metadata,
 *    nothing referenced and not shipped, no errors from publint or
 *    @arethetypeswrong/cli.
 * 2. Published to a local Verdaccio (loopback, free port, storage in a temp
 *    dir; only the @widget-tokens scope is routed to it) and installed by
 *    name in fresh apps under os.tmpdir() (helpers/apps.ts, once a run), all
 *    sharing the developer's npm cache:
 *    - an ES module app behind `express.json()` and a CommonJS app answer a Fluz
 *      token, verified as HS256 with node:crypto;
 *    - a server-only install carries no sandbox, squatch-js or ioredis;
 *    - every ```ts block of README.md, docs/**\/*.md and the package READMEs
 *      typechecks with `tsc --strict` (NodeNext) against the installed packages;
 *    - a Vite app builds with @widget-tokens/client, without Node built-ins;
 *    - a fresh Playwright project with @widget-tokens/testing and
 *      @widget-tokens/sandbox passes issue 12's example spec against the demo
 *      shop (run from this checkout's build by `webServer`, the fixtures
 *      connected to its sandbox over HTTP) in Debian's Chromium.
 * 3. (The README's "from a checkout" install, one tarball alone: checkout-tarballs.test.ts.)
 *
 * Docs snippet convention (packaging/test/helpers/doc-snippets.ts, docs/contributing.md):
 * each ```ts block is compiled as its own ES module in an app that has express,
 * express-session (its `SessionData` holds `user?: {id, email?}`) and a global
 * `app: Express` (packaging/fixtures/docs-app/). `<!-- not-compiled -->` right
 * before a fence skips an excerpt that is not TypeScript on its own;
 * `<!-- ts-prelude: … -->` there adds hidden imports and `declare`s for names
 * the page defined elsewhere.
 *
 * Everything lives under the global set-up's temp dir (packaging/test/global-setup.ts),
 * removed at the end of the run with Verdaccio stopped, whatever failed.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import ts from "typescript";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { SIZE_BUDGETS } from "../../client/test/size-budgets.js";
import { ROOT } from "../pack.js";
import { type DocSnippet, extractTsSnippets } from "./helpers/doc-snippets.js";
import { verifyHs256 } from "./helpers/hs256.js";
import { installed } from "./helpers/installs.js";
import { type NodeRuntime, nodeRuntimes } from "./helpers/node-runtimes.js";
import { freePort } from "./helpers/registry.js";
import { childEnv, packageBin, run, runOk } from "./helpers/run.js";
import { danglingReferences, typesNotFirst } from "./helpers/tarball.js";

const rootPkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
};
/** The registry form of the packs, as published (the global set-up's). */
const { packs, work } = inject("packaging");

const FLUZ_API_KEY = "packaging-test-fluz-key";
const FLUZ_API_SECRET = randomBytes(32).toString("hex");

/**
 * Run `script` in an app on `node` (default: the test runner's); the last
 * `RESULT {json}` line it prints, checked to come from that Node.
 */
async function nodeResult(
  dir: string,
  script: string,
  env: Record<string, string> = {},
  node: NodeRuntime = nodeRuntimes()[0] as NodeRuntime,
): Promise<Record<string, unknown>> {
  const out = await run(node.path ?? "", [script], {
    cwd: dir,
    env: childEnv({ FLUZ_API_KEY, FLUZ_API_SECRET, ...env }),
    timeoutMs: 60_000,
  });
  const line = out.stdout
    .split("\n")
    .filter((l) => l.startsWith("RESULT "))
    .at(-1);
  if (!line) {
    throw new Error(
      `${script} printed no result (exit ${out.code})\n${out.stdout}\n${out.stderr}`.trim(),
    );
  }
  const { node: version, ...result } = JSON.parse(line.slice("RESULT ".length)) as Record<
    string,
    unknown
  >;
  expect(version, "the Node that ran the app").toBe(node.version);
  return result;
}

/** Check a Fluz answer: 201, and a patToken whose HS256 signature and claims are right. */
function expectFluzToken(result: Record<string, unknown>): void {
  if (result.error) {
    throw new Error(
      `the app got no answer: ${result.error}. An Express 5 app with express.json() in front must be answered (issue 10, section 1).`,
    );
  }
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  const body = result.body as { token: string; jti: string; expiresAt: string };
  const verified = verifyHs256(body.token, FLUZ_API_SECRET);
  expect(verified, "HS256 signature").toBeDefined();
  expect(verified?.header).toMatchObject({ alg: "HS256" });
  const claims = verified?.claims ?? {};
  expect(claims).toMatchObject({
    amount: 50.25,
    apiKey: FLUZ_API_KEY,
    transactionType: "DEPOSIT",
    externalId: "user-42",
    jti: body.jti,
  });
  expect(body.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const now = Math.floor(Date.now() / 1000);
  const exp = claims.exp as number;
  expect(exp).toBeGreaterThan(now);
  expect(exp).toBeLessThanOrEqual(now + 24 * 3600 + 60);
  expect(Math.abs(Date.parse(body.expiresAt) / 1000 - exp)).toBeLessThanOrEqual(1);
}

/** The server's optional peers a merchant may not have installed. */
const OPTIONAL_PEERS = ["ioredis", "prom-client", "@opentelemetry/api"];

/**
 * Write every compiled ```ts block of the README, docs/ and the package READMEs
 * (those `keep` accepts) to `dir/snippets/` and run the app's `tsc -p .`; each
 * error is mapped back to its Markdown file and line.
 */
async function compileDocSnippets(
  dir: string,
  keep: (s: DocSnippet) => boolean,
): Promise<{ errors: string[]; code: number | null; count: number }> {
  const docs = [
    "README.md",
    ...readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md"))
      .map((f) => join("docs", f)),
    ...packs.map((p) => join(p.workspace, "README.md")),
  ].sort();
  const snippets = docs.flatMap((doc) =>
    extractTsSnippets(readFileSync(join(ROOT, doc), "utf8"), doc.split("\\").join("/")),
  );
  const compiled = snippets.filter((s) => s.compiled && keep(s));
  const files = new Map<string, DocSnippet>();
  mkdirSync(join(dir, "snippets"), { recursive: true });
  for (const s of compiled) {
    const file = `snippets/${s.doc.replace(/[/.]/g, "_")}_L${s.line}.ts`;
    const prelude = s.prelude ? `${s.prelude}\n` : "";
    writeFileSync(join(dir, file), `${prelude}${s.code}\n`);
    files.set(file, s);
  }
  const tsc = await run(
    join(dir, "node_modules", ".bin", "tsc"),
    ["-p", ".", "--pretty", "false"],
    {
      cwd: dir,
      timeoutMs: 180_000,
    },
  );
  const errors = `${tsc.stdout}${tsc.stderr}`
    .split(/\n(?=\S)/)
    .filter((e) => e.trim() !== "")
    .map((e) => {
      const m = /^(snippets\/[^(]+)\((\d+),(\d+)\): ([\s\S]*)$/.exec(e.trim());
      const s = m && files.get(m[1] ?? "");
      if (!m || !s) return e.trim();
      const preludeLines = s.prelude ? s.prelude.split("\n").length : 0;
      const line = Number(m[2]) - preludeLines;
      const where = line >= 1 ? `${s.doc}:${s.line + line - 1}` : `${s.doc}:${s.line} (ts-prelude)`;
      return `${where}:${m[3]} ${m[4]}`;
    });
  return { errors, code: tsc.code, count: compiled.length };
}

/** Each tarball unpacked, for what npm lists but does not check. */
beforeAll(async () => {
  for (const p of packs) {
    const dir = join(work, "unpacked", p.workspace);
    mkdirSync(dir, { recursive: true });
    await runOk("tar", ["-xzf", p.tarball, "-C", dir, "--strip-components=1"], { cwd: work });
  }
}, 60_000);

describe("the tarballs", () => {
  it("ship a README, a LICENSE and complete metadata, and nothing of the old layout", () => {
    expect(packs.map((p) => p.name)).toEqual([
      "@widget-tokens/shared",
      "@widget-tokens/client",
      "@widget-tokens/react",
      "@widget-tokens/vue",
      "@widget-tokens/server",
      "@widget-tokens/sandbox",
      "@widget-tokens/testing",
      "@widget-tokens/example-shop",
    ]);
    for (const p of packs) {
      const pkg = JSON.parse(
        readFileSync(join(work, "unpacked", p.workspace, "package.json"), "utf8"),
      ) as Record<string, unknown>;
      expect(p.files, p.name).toEqual(expect.arrayContaining(["README.md", "LICENSE"]));
      expect(readFileSync(join(work, "unpacked", p.workspace, "LICENSE"), "utf8")).toContain(
        "Copyright (c) 2026 widget-tokens contributors",
      );
      expect(pkg, p.name).toMatchObject({
        license: "MIT",
        type: "module",
        engines: { node: rootPkg.engines.node },
        publishConfig: { access: "public" },
      });
      expect(pkg.sideEffects, `${p.name} sideEffects`).toBeDefined();
      expect(pkg.keywords, `${p.name} keywords`).toEqual(expect.any(Array));
      expect(typesNotFirst(pkg.exports), `${p.name}: "types" first`).toEqual([]);
      const stray = p.files.filter((f) =>
        /(^|\/)(test|tests|__tests__)\/|\.test\.|tsconfig|^dist\/(sandbox|demo)\//.test(f),
      );
      expect(stray, `${p.name} ships test, config or old-layout files`).toEqual([]);
    }
  });

  it("reference no file they do not ship (exports, sourceMappingURL, map sources)", () => {
    const problems = packs.flatMap((p) =>
      danglingReferences(join(work, "unpacked", p.workspace)).map((m) => `${p.name}: ${m}`),
    );
    expect(problems).toEqual([]);
  });

  it("pass publint without errors", async () => {
    const errors: string[] = [];
    for (const p of packs) {
      const tarball = readFileSync(p.tarball);
      const { messages, pkg } = await publint({
        pack: {
          tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.length),
        },
        level: "warning",
      });
      for (const m of messages) {
        const text = `${p.name}: ${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false })}`;
        if (m.type === "error") errors.push(text);
        else console.warn(text);
      }
    }
    expect(errors).toEqual([]);
  });

  it("pass @arethetypeswrong/cli (profile esm-only: require() goes through require(esm))", async () => {
    // ESM-only packages: attw's node10 and node16-from-CJS resolutions are out
    // of scope (docs/decisions.md, "Packaging"). The client's ./loader.js is a
    // classic <script> (IIFE) with no module types by design.
    const attw = packageBin(import.meta.resolve("@arethetypeswrong/cli/package.json"), "attw");
    // One attw a tarball (it checks one per call), all at once: each is CPU-bound on its own core.
    const failures = await Promise.all(
      packs.map(async (p) => {
        const args = [p.tarball, "--profile", "esm-only", "--format", "ascii", "--no-color"];
        if (p.workspace === "client") args.push("--exclude-entrypoints", "./loader.js");
        const out = await run(process.execPath, [attw, ...args], {
          cwd: work,
          timeoutMs: 180_000,
        });
        return out.code === 0 ? [] : [`${p.name} (exit ${out.code}):\n${out.stdout}${out.stderr}`];
      }),
    );
    expect(failures.flat().join("\n\n")).toBe("");
  });
});

describe("installed by name from a registry", () => {
  it("a server-only install has no sandbox, squatch-js or ioredis, and redisStore names `npm install ioredis`", async () => {
    const dir = await installed("server-app");
    // Every package installed anywhere in the tree (`npm ls` also lists a
    // missing optional peer, with no version: that one is not installed).
    const ls = await run("npm", ["ls", "--all", "--json"], { cwd: dir });
    type Tree = Record<string, { version?: string; dependencies?: Tree }>;
    const names = new Set<string>();
    const walk = (deps: Tree | undefined) => {
      for (const [name, dep] of Object.entries(deps ?? {})) {
        if (dep.version) names.add(name);
        walk(dep.dependencies);
      }
    };
    walk((JSON.parse(ls.stdout) as { dependencies?: Tree }).dependencies);
    expect([...names]).toEqual(expect.arrayContaining(["@widget-tokens/server", "express"]));
    for (const unwanted of [
      "@saasquatch/squatch-js",
      "@widget-tokens/sandbox",
      "ioredis",
      "prom-client",
      "@opentelemetry/api",
    ]) {
      expect(names.has(unwanted), `${unwanted} is installed`).toBe(false);
      expect(existsSync(join(dir, "node_modules", unwanted)), `node_modules/${unwanted}`).toBe(
        false,
      );
    }
    const result = await nodeResult(dir, "redis-missing.mjs");
    expect(result.ioredis).toBeNull();
    expect(result.error).toMatchObject({
      name: "WidgetTokensOptionError",
      message: expect.stringContaining("npm install ioredis"),
    });
    // Metrics and traces are optional peers too: metrics name their install command.
    const metrics = await nodeResult(dir, "metrics-missing.mjs");
    expect(metrics.promClient).toBeNull();
    expect(metrics.error).toMatchObject({
      name: "WidgetTokensOptionError",
      message: expect.stringContaining("npm install prom-client"),
    });
  });

  // The stranger apps run on every tested Node (issue 22, item 7).
  for (const node of nodeRuntimes()) {
    it.skipIf(!node.path)(
      `an ES module app with express.json() in front answers a Fluz token, on ${node.label}`,
      async () => {
        expectFluzToken(await nodeResult(await installed("server-app"), "esm-app.mjs", {}, node));
      },
    );

    it.skipIf(!node.path).each([
      ["only Fluz", ["fluz"]],
      ["all four providers", ["fluz", "impact", "gr4vy", "jackpot"]],
    ])(
      `an app serving %s sends each one-provider drop-in page (loader.js?providers=<id>) gzipped, its manifest naming only what it serves, within the page budget, on ${node.label}`,
      async (_name, providers) => {
        const result = await nodeResult(
          await installed("server-app"),
          "drop-in-app.mjs",
          { DROP_IN_PROVIDERS: providers.join(",") },
          node,
        );
        expect(result).toEqual({
          status: 200,
          gzipped: true,
          providers: [...providers].sort(),
          chunkMatches: Object.fromEntries(providers.map((id) => [id, true])),
          pages: Object.fromEntries(providers.map((id) => [id, expect.any(Number)])),
        });
        for (const id of providers) {
          expect((result.pages as Record<string, number>)[id], id).toBeLessThanOrEqual(
            SIZE_BUDGETS.dropInPage,
          );
        }
      },
    );

    it.skipIf(!node.path)(
      `a CommonJS app require()s @widget-tokens/server and answers the same, on ${node.label}`,
      async () => {
        expectFluzToken(await nodeResult(await installed("server-app"), "cjs-app.cjs", {}, node));
      },
    );
  }

  it("every TypeScript block of the README and docs/ typechecks under today's `tsc --init` defaults", async () => {
    const dir = await installed("docs-app");
    // What `tsc --init` writes in this TypeScript (5.9: exactOptionalPropertyTypes,
    // noUncheckedIndexedAccess, verbatimModuleSyntax…), with only what its own
    // comments tell a Node app to change (types: ["node"]), plus the DOM for the
    // client's snippets and the snippets themselves.
    rmSync(join(dir, "tsconfig.json"), { force: true }); // the fixture's: --init writes its own
    await runOk(join(dir, "node_modules", ".bin", "tsc"), ["--init"], { cwd: dir });
    const init = ts.readConfigFile(join(dir, "tsconfig.json"), ts.sys.readFile);
    if (init.error) throw new Error(ts.flattenDiagnosticMessageText(init.error.messageText, "\n"));
    const compilerOptions = (init.config as { compilerOptions: Record<string, unknown> })
      .compilerOptions;
    expect(compilerOptions).toMatchObject({ exactOptionalPropertyTypes: true, strict: true });
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          types: ["node"],
          lib: ["esnext", "dom", "dom.iterable"],
          noEmit: true,
        },
        include: ["merchant-app.d.ts", "snippets"],
      }),
    );
    const { errors, code } = await compileDocSnippets(dir, () => true);
    expect(errors, `tsc exited ${code}`).toEqual([]);
    expect(code).toBe(0);
  });

  it("every TypeScript block typechecks with skipLibCheck: false and no optional peer installed", async () => {
    // packaging/fixtures/docs-app/tsconfig.json: strict, skipLibCheck false. The
    // app has no ioredis, prom-client or @opentelemetry/api, so the declaration
    // files must not need them; blocks that import one themselves are left out.
    const dir = await installed("docs-app-no-peers");
    for (const peer of OPTIONAL_PEERS) {
      expect(existsSync(join(dir, "node_modules", peer)), `${peer} is installed`).toBe(false);
    }
    const { errors, code, count } = await compileDocSnippets(
      dir,
      (s) => !OPTIONAL_PEERS.some((peer) => `${s.prelude}\n${s.code}`.includes(`from "${peer}`)),
    );
    expect(count).toBeGreaterThanOrEqual(15);
    expect(errors, `tsc exited ${code}`).toEqual([]);
    expect(code).toBe(0);
  });

  it("a Vite app builds with @widget-tokens/client, with no Node built-in in the bundle", async () => {
    const dir = await installed("vite-app");
    const build = await runOk(join(dir, "node_modules", ".bin", "vite"), ["build"], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    const output = `${build.stdout}${build.stderr}`;
    expect(output).not.toMatch(/externalized for browser compatibility/);
    const assets = readdirSync(join(dir, "dist", "assets")).filter((f) => f.endsWith(".js"));
    expect(assets.length).toBeGreaterThan(0);
    const js = assets.map((f) => readFileSync(join(dir, "dist", "assets", f), "utf8")).join("\n");
    expect(js).toContain("/fluz/pat-token"); // the client is in the bundle
    expect(js).not.toContain("__vite-browser-external");
    expect(js).not.toMatch(
      /["'`]node:|\brequire\(\s*["'](?:fs|path|crypto|http|https|net|tls|stream|buffer|events|util|os|url|zlib|child_process|module)["']/,
    );
    expect(readFileSync(join(dir, "dist", "index.html"), "utf8")).toContain("/assets/");
  });
});

describe("a merchant's Playwright project (issue 12)", () => {
  it("installs @widget-tokens/testing and the sandbox by name and passes the example spec against the demo", async () => {
    const dir = await installed("playwright-app");
    // The registry's packages, not links into this checkout; @playwright/test is
    // a peer: the fixtures extend the project's own copy, not one of their own.
    for (const name of ["@widget-tokens/testing", "@widget-tokens/sandbox"]) {
      const pkg = JSON.parse(
        readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"),
      ) as { version: string };
      expect(pkg.version, name).toBe(packs.find((p) => p.name === name)?.version);
    }
    const ownCopy = join(
      dir,
      "node_modules",
      "@widget-tokens",
      "testing",
      "node_modules",
      "@playwright",
    );
    expect(existsSync(ownCopy), ownCopy).toBe(false);
    const demoMain = join(ROOT, "demo", "dist", "main.js");
    expect(existsSync(demoMain), "the demo is built (npm run build)").toBe(true);
    const shopPort = await freePort();
    const sandboxPort = await freePort();
    const out = await run(join(dir, "node_modules", ".bin", "playwright"), ["test"], {
      cwd: dir,
      env: childEnv({
        DEMO_MAIN: demoMain,
        SHOP_PORT: String(shopPort),
        SANDBOX_PORT: String(sandboxPort),
        WIDGET_TOKENS_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
      }),
      timeoutMs: 180_000,
    });
    const output = `exit ${out.code}\n${out.stdout}\n${out.stderr}`;
    expect(existsSync(join(dir, "results.json")), output).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as {
      stats: Record<string, number>;
      errors: unknown[];
    };
    expect(report.errors, output).toEqual([]);
    expect(report.stats, output).toMatchObject({
      expected: 1,
      unexpected: 0,
      flaky: 0,
      skipped: 0,
    });
    expect(out.code, output).toBe(0);
  });
});

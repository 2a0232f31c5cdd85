/**
 * The raw-bytes parser mode as a stranger installs it (issue 22, item 3):
 * the server, client and shared tarballs (packaging/pack.ts, as `npm run
 * pack`) installed by path with express in a fresh app under os.tmpdir(),
 * which mounts `express.json({ verify: keepRawBody })` before the middleware
 * (packaging/fixtures/raw-body-app/app.mjs). A body with `amount` given twice
 * must be refused (400, nothing minted) although the app's parser read it
 * first; a clean body still gets its token. On Node 20 and Node 24
 * (helpers/node-runtimes.ts).
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, packWorkspaces } from "../pack.js";
import { nodeRuntimes } from "./helpers/node-runtimes.js";
import { childEnv, run, runOk } from "./helpers/run.js";

let work = "";
let dir = "";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "widget-tokens-raw-body-"));
  const packs = packWorkspaces(join(work, "packs"));
  const tarball = (w: string) => packs.find((p) => p.workspace === w)?.tarball ?? "";
  dir = join(work, "app");
  cpSync(join(ROOT, "packaging", "fixtures", "raw-body-app"), dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "raw-body-app", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  await runOk(
    "npm",
    [
      "install",
      tarball("server"),
      tarball("client"),
      tarball("shared"),
      "express",
      "--loglevel=error",
    ],
    { cwd: dir, timeoutMs: 240_000 },
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const node of nodeRuntimes()) {
  describe(`a stranger's app with express.json({ verify: keepRawBody }) in front, on ${node.label}`, () => {
    it.skipIf(!node.path)(
      "refuses a body with a key given twice, and mints for a clean one",
      async () => {
        const out = await run(node.path ?? process.execPath, ["app.mjs"], {
          cwd: dir,
          env: childEnv({
            FLUZ_API_KEY: "packaging-raw-body-key",
            FLUZ_API_SECRET: randomBytes(32).toString("hex"),
          }),
          timeoutMs: 60_000,
        });
        const line = out.stdout
          .split("\n")
          .filter((l) => l.startsWith("RESULT "))
          .at(-1);
        expect(line, `${out.stdout}\n${out.stderr}`).toBeDefined();
        const result = JSON.parse(line!.slice("RESULT ".length)) as {
          node: string;
          duplicate: { status: number; body: { error?: { code: string; message: string } } };
          clean: { status: number; body: { token?: string } };
        };
        expect(result.node, "the Node that ran the app").toBe(node.version);
        expect(result.duplicate).toEqual({
          status: 400,
          body: { error: { code: "INVALID_REQUEST", message: 'Body has "amount" more than once' } },
        });
        expect(result.clean.status).toBe(201);
        expect(result.clean.body.token).toMatch(/^eyJ/);
        // The bytes were kept: no warning that checks are off.
        expect(out.stdout + out.stderr).not.toMatch(/kept no raw bytes/);
      },
    );
  });
}

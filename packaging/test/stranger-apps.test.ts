/**
 * Stranger apps that compose widget-tokens with the rest of an Express app
 * (issue 22, items 2 and 7), installed by name from a local registry like
 * packaging.test.ts (the packed tarballs published to Verdaccio; the app
 * under os.tmpdir() with express and express-session from npm), each run on
 * Node 20 and Node 24 (helpers/node-runtimes.ts):
 *
 * - two mounts (packaging/fixtures/stranger-app/two-mounts.mjs): two
 *   widgetTokens() on one path, where the first passes the paths it does not
 *   own to next(), a third on another path with another key, the app's own
 *   route and 404 under the same path; each answers what it owns;
 * - express-session after express.json(), widget-tokens after both, as the
 *   README's mount diagram says (session-after-parser.mjs, and the diagram's
 *   best order, the parser after widget-tokens): `identify` sees the
 *   session, so a signed-in shopper gets a token and a signed-out one 401.
 *
 * Needs a build (`npm run build`), like every packaging test.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, packWorkspaces } from "../pack.js";
import { verifyHs256 } from "./helpers/hs256.js";
import { nodeRuntimes } from "./helpers/node-runtimes.js";
import { type LocalRegistry, startLocalRegistry } from "./helpers/registry.js";
import { childEnv, run, runOk } from "./helpers/run.js";

const devDependencies = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

const SECRETS = {
  FLUZ_API_KEY: "stranger-fluz-key",
  FLUZ_API_SECRET: randomBytes(32).toString("hex"),
  FLUZ_API_KEY_2: "stranger-partner-fluz-key",
  FLUZ_API_SECRET_2: randomBytes(32).toString("hex"),
  IMPACT_ACCOUNT_SID: "stranger-impact-sid",
  IMPACT_AUTH_TOKEN: randomBytes(32).toString("hex"),
  SESSION_SECRET: randomBytes(16).toString("hex"),
};

let work = "";
let registry: LocalRegistry | undefined;
let app: Promise<string> = Promise.reject(new Error("set-up failed before the app was installed"));
app.catch(() => {});

interface Answer {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
}

/** Run a fixture app on `node`; the answers it printed, checked to come from that Node. */
async function answersOf(
  node: { path: string | undefined; version: string },
  script: string,
  env: Record<string, string> = {},
): Promise<Record<string, Answer>> {
  const dir = await app;
  const out = await run(node.path ?? "", [script], {
    cwd: dir,
    env: childEnv({ ...SECRETS, ...env }),
    timeoutMs: 60_000,
  });
  const line = out.stdout
    .split("\n")
    .filter((l) => l.startsWith("RESULT "))
    .at(-1);
  if (!line)
    throw new Error(`${script} printed no result (exit ${out.code})\n${out.stdout}\n${out.stderr}`);
  const result = JSON.parse(line.slice("RESULT ".length)) as {
    node: string;
    answers: Record<string, Answer> & { error?: string };
  };
  expect(result.node, "the Node that ran the app").toBe(node.version);
  expect(result.answers.error, out.stderr).toBeUndefined();
  return result.answers;
}

/** A 201 Fluz answer signed with `secret`, for `externalId`; its claims. */
function expectFluzToken(
  answer: Answer | undefined,
  secret: string,
  apiKey: string,
  externalId: string,
) {
  expect(answer?.status, JSON.stringify(answer?.body)).toBe(201);
  const verified = verifyHs256(String(answer?.body.token), secret);
  expect(verified, "signed with this mount's own Fluz secret").toBeDefined();
  expect(verified?.claims).toMatchObject({
    apiKey,
    externalId,
    amount: 50.25,
    jti: answer?.body.jti,
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "widget-tokens-stranger-"));
  const packs = packWorkspaces(join(work, "packs")).filter((p) =>
    ["shared", "client", "server"].includes(p.workspace),
  );
  const local = await startLocalRegistry(join(work, "registry"));
  registry = local;
  await Promise.all(packs.map((p) => local.publish(p.tarball))).catch((err: Error) => {
    throw new Error(`${err.message}\n--- Verdaccio log\n${local.log()}`);
  });
  app = (async () => {
    const dir = join(work, "stranger-app");
    mkdirSync(dir, { recursive: true });
    cpSync(join(ROOT, "packaging", "fixtures", "stranger-app"), dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "stranger-app", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    );
    writeFileSync(join(dir, ".npmrc"), local.scopedNpmrc);
    await runOk(
      "npm",
      [
        "install",
        "@widget-tokens/server",
        `express@${devDependencies.express}`,
        "express-session@^1",
        "--loglevel=error",
      ],
      { cwd: dir, timeoutMs: 240_000 },
    );
    return dir;
  })();
  app.catch(() => {}); // each test awaits it and reports the failure
}, 300_000);

afterAll(async () => {
  await app.catch(() => {});
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

for (const node of nodeRuntimes()) {
  describe(`stranger apps on ${node.label}`, () => {
    it.skipIf(!node.path)(
      "two mounts: each instance answers what it owns, the rest goes on to the next mount and the app",
      async () => {
        const a = await answersOf(node, "two-mounts.mjs");
        // First instance, same path: its Fluz, its key.
        expectFluzToken(a.fluz, SECRETS.FLUZ_API_SECRET, SECRETS.FLUZ_API_KEY, "shopper-7");
        // Second instance, same path: the first passed /impact/… on.
        expect(a.impact?.status, JSON.stringify(a.impact?.body)).toBe(201);
        const impact = verifyHs256(String(a.impact?.body.token), SECRETS.IMPACT_AUTH_TOKEN);
        expect(impact, "signed with impact.com's auth token").toBeDefined();
        expect(impact?.header).toMatchObject({ alg: "HS256", kid: SECRETS.IMPACT_ACCOUNT_SID });
        // Third instance, another path, another key.
        expectFluzToken(
          a.partnerFluz,
          SECRETS.FLUZ_API_SECRET_2,
          SECRETS.FLUZ_API_KEY_2,
          "shopper-7",
        );
        // The app's own route and 404 below the same mount path.
        expect(a.appRoute).toMatchObject({ status: 200, body: { from: "the app" } });
        expect(a.unowned).toMatchObject({ status: 404, body: { from: "the app's 404" } });
        // Below a segment an instance owns, an unknown path is its JSON 404.
        expect(a.ownedUnknown).toMatchObject({
          status: 404,
          type: expect.stringContaining("application/json"),
          body: { error: { code: "NOT_FOUND" } },
        });
      },
    );

    it.skipIf(!node.path).each([
      ["express.json() and express-session in front", "parser-first"],
      ["express-session in front, express.json() after (the diagram's best order)", "readme"],
    ])(
      "%s: identify sees the session, signed in → token, signed out → 401",
      async (_name, order) => {
        const a = await answersOf(node, "session-after-parser.mjs", { MOUNT_ORDER: order });
        expect(a.signedOut).toMatchObject({
          status: 401,
          body: { error: { code: "UNAUTHENTICATED" } },
        });
        expect(a.signIn).toMatchObject({ status: 200, body: { signedIn: "shopper-7" } });
        expectFluzToken(a.signedIn, SECRETS.FLUZ_API_SECRET, SECRETS.FLUZ_API_KEY, "shopper-7");
        expect(a.signOut?.status).toBe(200);
        expect(a.afterSignOut).toMatchObject({
          status: 401,
          body: { error: { code: "UNAUTHENTICATED" } },
        });
      },
    );
  });
}

/**
 * Stranger apps that compose widget-tokens with the rest of an Express app
 * (issue 22, items 2, 3 and 7), in `server-app` (helpers/apps.ts: the server
 * installed by name from the local registry, with express and express-session
 * from npm, under os.tmpdir()), each run on Node 20 and Node 24
 * (helpers/node-runtimes.ts):
 *
 * - two mounts (packaging/fixtures/stranger-app/two-mounts.mjs): two
 *   widgetTokens() on one path, where the first passes the paths it does not
 *   own to next(), a third on another path with another key, the app's own
 *   route and 404 under the same path; each answers what it owns;
 * - express-session after express.json(), widget-tokens after both, as the
 *   README's mount diagram says (session-after-parser.mjs, and the diagram's
 *   best order, the parser after widget-tokens): `identify` sees the
 *   session, so a signed-in shopper gets a token and a signed-out one 401;
 * - the raw-bytes parser mode (raw-body.mjs): `express.json({ verify:
 *   keepRawBody })` in front; a body with `amount` given twice is refused
 *   (400, nothing minted) although the app's parser read it first, and a
 *   clean body still gets its token.
 *
 * Needs a build (`npm run build`), like every packaging test.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyHs256 } from "./helpers/hs256.js";
import { installed } from "./helpers/installs.js";
import { nodeRuntimes } from "./helpers/node-runtimes.js";
import { childEnv, run } from "./helpers/run.js";

const SECRETS = {
  FLUZ_API_KEY: "stranger-fluz-key",
  FLUZ_API_SECRET: randomBytes(32).toString("hex"),
  FLUZ_API_KEY_2: "stranger-partner-fluz-key",
  FLUZ_API_SECRET_2: randomBytes(32).toString("hex"),
  IMPACT_ACCOUNT_SID: "stranger-impact-sid",
  IMPACT_AUTH_TOKEN: randomBytes(32).toString("hex"),
  SESSION_SECRET: randomBytes(16).toString("hex"),
};

interface Answer {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
}

/** Run a fixture app on `node`; the answers it printed, checked to come from that Node, and its output. */
async function answersOf(
  node: { path: string | undefined; version: string },
  script: string,
  env: Record<string, string> = {},
): Promise<{ answers: Record<string, Answer>; output: string }> {
  const dir = await installed("server-app");
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
  return { answers: result.answers, output: `${out.stdout}${out.stderr}` };
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

for (const node of nodeRuntimes()) {
  describe(`stranger apps on ${node.label}`, () => {
    it.skipIf(!node.path)(
      "two mounts: each instance answers what it owns, the rest goes on to the next mount and the app",
      async () => {
        const { answers: a } = await answersOf(node, "two-mounts.mjs");
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
        const { answers: a } = await answersOf(node, "session-after-parser.mjs", {
          MOUNT_ORDER: order,
        });
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

    it.skipIf(!node.path)(
      "express.json({ verify: keepRawBody }) in front: a body with a key given twice → 400, a clean one → token",
      async () => {
        const { answers: a, output } = await answersOf(node, "raw-body.mjs");
        expect(a.duplicate).toEqual({
          status: 400,
          type: expect.stringContaining("application/json"),
          body: { error: { code: "INVALID_REQUEST", message: 'Body has "amount" more than once' } },
        });
        expectFluzToken(a.clean, SECRETS.FLUZ_API_SECRET, SECRETS.FLUZ_API_KEY, "shopper-7");
        // The bytes were kept: no warning that checks are off.
        expect(output).not.toMatch(/kept no raw bytes/);
      },
    );
  });
}

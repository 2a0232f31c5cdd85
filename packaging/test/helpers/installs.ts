import { once } from "node:events";
/**
 * The temp apps' installs, shared by every packaging file of a run. The
 * global set-up (packaging/test/global-setup.ts) starts each install once, in
 * the background, and serves their outcomes on a loopback port; a test asks
 * for the app it needs with `installed(name)`, which answers as soon as that
 * install has ended (a request held open until then: no polling), so the
 * unit files run while npm works.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, createServer, get } from "node:http";
import { join } from "node:path";
import { inject } from "vitest";
import type { PackedPackage } from "../../pack.js";
import { runOk } from "./run.js";

/** What the packaging project's global set-up hands every packaging file (Vitest's `inject`). */
export interface PackagingRun {
  /** The run's temp dir (under os.tmpdir(), removed by the set-up's teardown). */
  work: string;
  /** The registry form (exact versions), as published to the local registry. */
  packs: PackedPackage[];
  /** The checkout's form (`npm run pack`): `file:` dependencies on the tarballs beside them. */
  checkoutPacks: PackedPackage[];
  /** Where `installed()` asks for an install's outcome. */
  installsUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    packaging: PackagingRun;
  }
}

/** A temp app: a fresh dir under the run's temp dir, the fixtures copied in, then `npm install specs`. */
export interface AppPlan {
  name: string;
  /** Dirs of packaging/fixtures/ copied into the app, in order. */
  fixtures: string[];
  /** What `npm install` is given: names (from the registry) or tarball paths. */
  specs: string[];
  /** The app's .npmrc (the local registry's scope line), if any. */
  npmrc?: string;
  /**
   * `npm install --prefer-offline`: npm's cache answers what it holds without
   * asking the registry again (most of an install's time). Not for a local
   * registry whose URL an earlier run may have used (helpers/registry.ts).
   */
  preferOffline: boolean;
}

export interface Installs {
  url: string;
  /** Stop what is still installing, wait for every install to end, close the server. */
  close(): Promise<void>;
}

/** At most this many installs at once: each is mostly CPU (unpacking, linking) once npm's cache answers. */
const AT_ONCE = 3;

/** Start the plans' installs now, `AT_ONCE` at a time in the plans' order, and serve their outcomes. */
export async function startInstalls(
  work: string,
  fixtures: string,
  plans: AppPlan[],
): Promise<Installs> {
  const abort = new AbortController();
  const turn = turns(AT_ONCE);
  const installs = new Map(
    plans.map(
      (plan) => [plan.name, turn(() => install(work, fixtures, plan, abort.signal))] as const,
    ),
  );
  for (const p of installs.values()) p.catch(() => {}); // each test that needs it reports it
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1));
    const answer = (status: number, body: object) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const app = installs.get(name);
    if (!app) answer(404, { error: `no app "${name}": packaging/test/helpers/apps.ts lists them` });
    else
      app.then(
        (dir) => answer(200, { dir }),
        (err: Error) => answer(500, { error: err.message }),
      );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      abort.abort();
      await Promise.allSettled(installs.values());
      await closeServer(server);
    },
  };
}

/**
 * A queue: `turn(job)` starts `job` once fewer than `n` started jobs are
 * still running. (Ten lines; p-limit, which does the same, is not a
 * dependency of this repo.)
 */
function turns(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= n) await new Promise<void>((start) => waiting.push(start));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function install(
  work: string,
  fixtures: string,
  plan: AppPlan,
  signal: AbortSignal,
): Promise<string> {
  const dir = join(work, "apps", plan.name);
  mkdirSync(dir, { recursive: true });
  for (const f of plan.fixtures) cpSync(join(fixtures, f), dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: plan.name, version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  if (plan.npmrc) writeFileSync(join(dir, ".npmrc"), plan.npmrc);
  const offline = plan.preferOffline ? ["--prefer-offline"] : [];
  await runOk("npm", ["install", ...plan.specs, ...offline, "--loglevel=error"], {
    cwd: dir,
    timeoutMs: 300_000,
    signal,
  });
  return dir;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** In a packaging test: the dir of the installed app `name`, once its install has ended. */
export async function installed(name: string): Promise<string> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    get(`${inject("packaging").installsUrl}${encodeURIComponent(name)}`, resolve).on(
      "error",
      reject,
    );
  });
  let text = "";
  for await (const chunk of res.setEncoding("utf8")) text += chunk;
  const body = JSON.parse(text) as { dir?: string; error?: string };
  if (res.statusCode !== 200 || !body.dir) {
    throw new Error(`the install of "${name}" failed:\n${body.error}`);
  }
  return body.dir;
}

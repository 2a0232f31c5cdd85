import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { once } from "node:events";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { childEnv, packageBin, runOk } from "./run.js";

const require = createRequire(import.meta.url);

/** The scope the local registry serves; every other package comes from the usual registry. */
export const SCOPE = "@widget-tokens";

export interface LocalRegistry {
  /** e.g. http://127.0.0.1:43123/ */
  url: string;
  /** `.npmrc` lines that send the scope (and only it) to this registry. */
  scopedNpmrc: string;
  /**
   * Whether installs from it may use `--prefer-offline` (npm's cache answers
   * without asking the registry again): true when its URL is this run's own.
   */
  preferOffline: boolean;
  /** `npm publish` a packed tarball to it. */
  publish(tarball: string): Promise<void>;
  /** The registry's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A port free on `host` (a loopback address) right now. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/**
 * A loopback address of this run's own: 127.x.y.z at random (Linux routes
 * all of 127.0.0.0/8 to the loopback interface), so the registry's URL is
 * new to npm's cache and `--prefer-offline` can never answer a scoped
 * packument from an earlier run's registry (same version, other bytes).
 * Where only 127.0.0.1 answers (macOS), that one, and `unique: false`.
 */
async function runOwnLoopback(): Promise<{ host: string; unique: boolean }> {
  const host = `127.${1 + randomInt(254)}.${randomInt(256)}.${1 + randomInt(254)}`;
  try {
    await freePort(host);
    return { host, unique: true };
  } catch {
    return { host: "127.0.0.1", unique: false };
  }
}

/**
 * Start Verdaccio (from this repo's devDependencies) on a free loopback port,
 * with its storage under `dir`, no uplinks, and one user that may publish the
 * scope. Only the `@widget-tokens` scope is ever routed to it.
 */
export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks: {}",
      "packages:",
      `  "${SCOPE}/*":`,
      "    access: $all",
      "    publish: $authenticated",
      '  "**":',
      "    access: $all",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  // require.resolve: Vite's module runner (the global set-up's) has no import.meta.resolve.
  const pkgJson = require.resolve("verdaccio/package.json");
  const bin = packageBin(pathToFileURL(pkgJson).href, "verdaccio");
  const logFile = join(dir, "verdaccio.log");
  const log = () => readFileSync(logFile, "utf8");

  const { host, unique } = await runOwnLoopback();
  let child: ChildProcess | undefined;
  let url = "";
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    const port = await freePort(host);
    const fd = openSync(logFile, "a");
    const started = spawn(
      process.execPath,
      [bin, "--config", config, "--listen", `${host}:${port}`],
      { cwd: dir, env: childEnv(), stdio: ["ignore", fd, fd] },
    );
    closeSync(fd);
    url = `http://${host}:${port}/`;
    if (await waitUntilUp(url, started)) child = started;
    else started.kill("SIGKILL");
  }
  if (!child) throw new Error(`Verdaccio did not start:\n${log()}`);
  const running = child;

  // One user; its token publishes. (Stop Verdaccio if this fails: no caller holds it yet.)
  let token: string | undefined;
  try {
    const res = await fetch(`${url}-/user/org.couchdb.user:packaging`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "packaging", password: "packaging-test-only" }),
    });
    token = ((await res.json()) as { token?: string }).token;
    if (!res.ok || !token) throw new Error(`could not add a Verdaccio user (${res.status})`);
  } catch (err) {
    running.kill("SIGKILL");
    throw err;
  }
  const publishNpmrc = join(dir, "publish.npmrc");
  const authKey = url.replace(/^http:/, "");
  writeFileSync(publishNpmrc, `registry=${url}\n${authKey}:_authToken=${token}\n`);

  return {
    url,
    scopedNpmrc: `${SCOPE}:registry=${url}\n`,
    preferOffline: unique,
    async publish(tarball) {
      await runOk(
        "npm",
        ["publish", tarball, "--registry", url, "--userconfig", publishNpmrc, "--loglevel=error"],
        { cwd: dir, timeoutMs: 60_000 },
      );
    },
    log,
    async stop() {
      if (running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, "exit");
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    // no-sleep-ok: polls /-/ping until Verdaccio answers (it signals nothing); the deadline bounds it
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

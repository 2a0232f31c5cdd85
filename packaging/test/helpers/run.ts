import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this long (default 180 s). */
  timeoutMs?: number;
  /** Kill the command when this aborts (the run's set-up tearing down early). */
  signal?: AbortSignal;
}

/** Run a command to its end; never throws on a non-zero exit (see `runOk`). */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal, killSignal: "SIGKILL" as const } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs ?? 180_000} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 180_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run a command; throw with its whole output unless it exits 0. */
export async function runOk(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` in ${options.cwd} exited ${result.code}\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** npm settings a child may keep from the environment; every other npm_* variable is dropped. */
const KEPT_NPM_CONFIG = new Set([
  "npm_config_cache",
  "npm_config_registry",
  "npm_config_userconfig",
  "npm_config_globalconfig",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "npm_config_noproxy",
  "npm_config_cafile",
  "npm_config_strict_ssl",
]);

let sharedCache: string | undefined;

/**
 * The npm cache every temp app shares: the one this checkout's own install
 * filled (the user's npm cache, or `npm_config_cache` when set), so the
 * temp installs download only what the repo does not already use.
 */
export function sharedNpmCache(): string {
  sharedCache ??=
    process.env.npm_config_cache ||
    execFileSync("npm", ["config", "get", "cache"], {
      cwd: tmpdir(),
      encoding: "utf8",
      env: childEnv({}, false),
    }).trim();
  return sharedCache;
}

/**
 * The environment of a temp app's commands: what the developer's shell has,
 * minus what `npm test` and Vitest add (the repo's npm_package_*, npm_config_*
 * of this run, NODE_ENV=test, VITEST*), so an install or a Vite build in a
 * temp app behaves as it would for a merchant.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}, withCache = true): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith("npm_") && !KEPT_NPM_CONFIG.has(lower)) continue;
    if (key.startsWith("VITEST") || ["NODE_ENV", "TEST", "INIT_CWD", "FORCE_COLOR"].includes(key)) {
      continue;
    }
    env[key] = value;
  }
  return {
    ...env,
    ...(withCache ? { npm_config_cache: sharedNpmCache() } : {}),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_progress: "false",
    NO_COLOR: "1",
    ...extra,
  };
}

/** The absolute path of `bin` of the installed dev dependency `pkg` (run it with `process.execPath`). */
export function packageBin(pkgJsonUrl: string, bin: string): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(pkgJsonUrl), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const target = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.[bin];
  if (!target) throw new Error(`${pkgJsonUrl} has no bin "${bin}"`);
  return fileURLToPath(new URL(target, pkgJsonUrl));
}

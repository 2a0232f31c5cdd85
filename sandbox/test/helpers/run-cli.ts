import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SOURCE = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/**
 * The command line of the real binary: the TypeScript source through tsx
 * with the `@widget-tokens/source` condition (no build needed, and safe
 * while others rebuild dist/), or `dist/cli/main.js` when
 * `WIDGET_TOKENS_CLI=dist` (after `npm run build -w sandbox`).
 */
function cliCommand(args: string[]): string[] {
  return process.env.WIDGET_TOKENS_CLI === "dist"
    ? [DIST, ...args]
    : ["--conditions=@widget-tokens/source", "--import", "tsx", SOURCE, ...args];
}

/** The CLI's environment: none of the developer's provider variables leak in. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(FLUZ|IMPACT|GR4VY|JACKPOT|MERCHANT_API|SANDBOX)_/.test(name),
    ),
  );
  return { ...base, NODE_OPTIONS: "", ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `widget-tokens …` as a child process to completion.
 *
 * @example
 * const { code, stdout } = await runCli(["decode", token]);
 */
export function runCli(
  args: string[],
  { env = {}, input }: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliCommand(args), { env: cleanEnv(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/**
 * Start a long-running `widget-tokens …` (the sandbox command).
 *
 * @example
 * const child = startCli(["sandbox", "--port", "0"]);
 */
export function startCli(
  args: string[],
  { env = {} }: { env?: Record<string, string> } = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, cliCommand(args), { env: cleanEnv(env) });
}

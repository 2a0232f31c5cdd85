import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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
  return collect(spawn(process.execPath, cliCommand(args), { env: cleanEnv(env) }), input);
}

/**
 * Run the script as its `#!` line does, the way a shell runs the installed
 * bin (`/usr/bin/env -S node -- main.js …`), with the TypeScript source
 * loaded through NODE_OPTIONS.
 *
 * @example
 * const { code } = await runBin(["verify", "fluz", "x", "--env-file", "missing.env"]);
 */
export function runBin(args: string[]): Promise<CliResult> {
  const shebang = readFileSync(SOURCE, "utf8").split("\n")[0] ?? "";
  const [interpreter = "", ...rest] = shebang.replace(/^#!/, "").trim().split(" ");
  // The kernel passes everything after the interpreter as one argument.
  const argv = [...(rest.length > 0 ? [rest.join(" ")] : []), SOURCE, ...args];
  const env = cleanEnv({ NODE_OPTIONS: "--conditions=@widget-tokens/source --import tsx" });
  return collect(spawn(interpreter, argv, { env }), "");
}

function collect(
  child: ChildProcessWithoutNullStreams,
  input: string | undefined,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
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

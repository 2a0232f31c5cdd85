import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CommandIo } from "../../src/cli/command.js";
import { runCommandLine } from "../../src/cli/run-command-line.js";

const SOURCE = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

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

/** An in-process io: what the command writes, kept; `input` as its stdin. */
function memoryIo(
  env: Record<string, string>,
  input: string | undefined,
  stop: Promise<NodeJS.Signals> = new Promise(() => {}),
): { io: CommandIo; stdout: PassThrough; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const io: CommandIo = {
    out: (text) => stdout.write(`${text}\n`),
    err: (text) => stderr.write(`${text}\n`),
    env: cleanEnv(env),
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input, "utf8")]),
    stopSignal: () => stop,
  };
  return { io, stdout, stderr };
}

/**
 * Run `widget-tokens …` to completion, in-process: the command line the bin
 * runs (`runCommandLine`), on an io of its own (environment, stdin, output).
 *
 * @example
 * const { code, stdout } = await runCli(["decode", token]);
 */
export async function runCli(
  args: string[],
  { env = {}, input }: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const { io, stdout, stderr } = memoryIo(env, input);
  const code = await runCommandLine(args, io);
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

async function text(stream: PassThrough): Promise<string> {
  let all = "";
  for await (const chunk of stream) all += chunk;
  return all;
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

/** A long-running command started in-process, shaped like its child process. */
export interface CliProcess extends EventEmitter {
  stdout: PassThrough;
  stderr: PassThrough;
  /** The exit status once it ended ("exit" is emitted with it), else null. */
  exitCode: number | null;
  /** Deliver a signal: the command stops as the process would on SIGINT or SIGTERM. */
  kill(signal?: NodeJS.Signals): boolean;
}

/**
 * Start a long-running `widget-tokens …` (the sandbox command) in-process;
 * `kill(signal)` stops it as the signal stops the bin.
 *
 * @example
 * const child = startCli(["sandbox", "--port", "0"]);
 */
export function startCli(
  args: string[],
  { env = {} }: { env?: Record<string, string> } = {},
): CliProcess {
  let deliver: (signal: NodeJS.Signals) => void = () => {};
  const stop = new Promise<NodeJS.Signals>((resolve) => {
    deliver = resolve;
  });
  const { io, stdout, stderr } = memoryIo(env, undefined, stop);
  const child = Object.assign(new EventEmitter(), {
    stdout,
    stderr,
    exitCode: null as number | null,
    kill(signal: NodeJS.Signals = "SIGTERM") {
      deliver(signal);
      return true;
    },
  });
  void runCommandLine(args, io).then((code) => {
    child.exitCode = code;
    stdout.end();
    stderr.end();
    child.emit("exit", code);
  });
  return child;
}

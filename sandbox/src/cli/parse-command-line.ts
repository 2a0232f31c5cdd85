import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs, parseEnv } from "node:util";
import { CliError } from "../cli-error.js";
import { type CommandIo, readStdin } from "./command.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command takes. */
const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  "env-file": { type: "string" },
} as const satisfies Options;

/**
 * `node:util` `parseArgs`, strict, with its errors turned into usage errors
 * (exit 2, one line).
 *
 * @example
 * const { values, positionals } = parseCommandLine(argv, { user: { type: "string" } });
 */
export function parseCommandLine<O extends Options>(
  args: string[],
  options: O,
): ReturnType<
  typeof parseArgs<{
    args: string[];
    options: typeof COMMON_OPTIONS & O;
    allowPositionals: true;
    strict: true;
  }>
> {
  try {
    return parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const message = (err as Error).message.split("\n")[0]!.replace(/\. To specify.*$/, "");
    throw new CliError("USAGE", message);
  }
}

/**
 * Load `--env-file` into `env` (Node's own dotenv parser); variables
 * already set win, as with `node --env-file`.
 *
 * @example
 * loadEnvFile(values["env-file"], io.env);
 */
export function loadEnvFile(path: string | undefined, env: NodeJS.ProcessEnv): void {
  if (path === undefined) return;
  try {
    for (const [name, value] of Object.entries(parseEnv(readFileSync(path, "utf8")))) {
      if (env[name] === undefined) env[name] = value;
    }
  } catch (err) {
    throw new CliError(
      "USAGE",
      `cannot read --env-file ${path}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
}

/** The largest token read from stdin. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/**
 * The token argument, or stdin when it is `-`.
 *
 * @example
 * const token = await readTokenArgument(positionals[0], io);
 */
export async function readTokenArgument(value: string | undefined, io: CommandIo): Promise<string> {
  if (value === undefined) throw new CliError("USAGE", "missing <token> (or - to read stdin)");
  if (value !== "-") return value.trim();
  const text = await readStdin(io, MAX_TOKEN_BYTES).catch((err: unknown) => {
    if (err instanceof RangeError)
      throw new CliError("USAGE", "stdin is larger than 1 MB: not a token");
    throw err;
  });
  return text.trim();
}

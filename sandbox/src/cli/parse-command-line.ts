import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "../cli-error.js";

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
 * Load `--env-file` into `process.env` (Node's own dotenv parser); variables
 * already set win, as with `node --env-file`.
 *
 * @example
 * loadEnvFile(values["env-file"]);
 */
export function loadEnvFile(path: string | undefined): void {
  if (path === undefined) return;
  try {
    process.loadEnvFile(path);
  } catch (err) {
    throw new CliError(
      "USAGE",
      `cannot read --env-file ${path}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
}

/**
 * The token argument, or stdin when it is `-`.
 *
 * @example
 * const token = await readTokenArgument(positionals[0]);
 */
export async function readTokenArgument(value: string | undefined): Promise<string> {
  if (value === undefined) throw new CliError("USAGE", "missing <token> (or - to read stdin)");
  if (value !== "-") return value.trim();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

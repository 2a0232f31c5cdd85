import { readFileSync } from "node:fs";
import { CliError, EXIT } from "../cli-error.js";
import type { Command, CommandIo } from "./command.js";
import { decodeCommand } from "./decode-command.js";
import { mintCommand } from "./mint-command.js";
import { sandboxCommand } from "./sandbox-command.js";
import { verifyCommand } from "./verify-command.js";

const COMMANDS: readonly Command[] = [decodeCommand, verifyCommand, mintCommand, sandboxCommand];

const HELP = `Usage: widget-tokens <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join("\n")}

widget-tokens <command> --help shows a command's options. Every command
takes --json for output scripts can read.

Exit status: 0 success, 1 invalid token or failure, 2 usage error.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

/**
 * Run `widget-tokens` with `argv` (without node and the script) on `io`;
 * resolves the exit status. Errors are one line on stderr, never a stack
 * trace. The bin runs it on the process (`processIo()`); tests run it
 * in-process on their own io.
 *
 * @example
 * process.exitCode = await runCommandLine(["decode", token], processIo());
 */
export async function runCommandLine(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.out(HELP);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      io.out(version());
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new CliError(
        "UNKNOWN_COMMAND",
        `unknown command ${JSON.stringify(name)}: use ${COMMANDS.map((c) => c.name).join(", ")} (widget-tokens --help)`,
      );
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`widget-tokens: ${err.message}`);
      return err.exitCode;
    }
    io.err(`widget-tokens: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    return EXIT.failed;
  }
}

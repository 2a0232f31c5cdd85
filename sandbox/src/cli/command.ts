/** Where a command writes, and how it refuses its command line. */
export interface CommandIo {
  /** A line (or lines) to stdout. */
  out(text: string): void;
  /** A line to stderr. */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** One `widget-tokens` command. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  /** Resolves the exit status. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/**
 * The io of the real process.
 *
 * @example
 * await decodeCommand.run(["eyJ…"], processIo());
 */
export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
  };
}

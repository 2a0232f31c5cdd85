/**
 * Everything a command touches outside itself: where it writes, its
 * environment, its stdin and what stops it. `processIo()` is the real
 * process's; tests run commands in-process with their own.
 */
export interface CommandIo {
  /** A line (or lines) to stdout. */
  out(text: string): void;
  /** A line to stderr. */
  err(text: string): void;
  /** The environment (`--env-file` adds to it; set variables win). */
  env: NodeJS.ProcessEnv;
  /** What `-` reads. */
  stdin: AsyncIterable<Buffer | string>;
  /**
   * Resolves with the signal that stops a long-running command (`sandbox`):
   * SIGINT or SIGTERM for the process. Listening starts at the call.
   */
  stopSignal(): Promise<NodeJS.Signals>;
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
    stdin: process.stdin,
    stopSignal: () =>
      new Promise<NodeJS.Signals>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve(signal);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      }),
  };
}

/**
 * All of `stdin`, as UTF-8 text, refused above `maxBytes`.
 *
 * @example
 * const text = await readStdin(io, 64 * 1024 * 1024);
 */
export async function readStdin(io: CommandIo, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    size += bytes.length;
    if (size > maxBytes) return Promise.reject(new RangeError("stdin too large"));
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Exit codes of `widget-tokens`. */
export const EXIT = {
  ok: 0,
  /** The token is invalid, or the command failed. */
  failed: 1,
  /** The command line or the environment is wrong. */
  usage: 2,
} as const;

/** Stable codes of what the CLI reports. */
export type CliErrorCode =
  | "USAGE"
  | "UNKNOWN_COMMAND"
  | "UNKNOWN_PROVIDER"
  | "MISSING_ENV"
  | "INVALID_ENV"
  | "NOT_A_JWT"
  | "UPSTREAM"
  | "LISTEN";

/**
 * An error the CLI reports as one line on stderr (no stack) and an exit code.
 *
 * @example
 * throw new CliError("MISSING_ENV", "FLUZ_API_SECRET is not set", EXIT.usage);
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/**
 * Refuse the command line: a `USAGE` error (exit 2).
 *
 * @example
 * if (positionals.length > 1) usage("decode takes one <token>");
 */
export function usage(message: string): never {
  throw new CliError("USAGE", message);
}

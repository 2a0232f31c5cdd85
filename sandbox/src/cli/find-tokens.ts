import { existsSync, readFileSync, statSync } from "node:fs";
import { CliError, EXIT } from "../cli-error.js";
import { type CommandIo, readStdin } from "./command.js";

/** A compact JWS (or JWE) inside any text: a log line, a HAR file, a header. Headers start `eyJ` (`{"`). */
const EMBEDDED_JWT = /eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}/g;

/** Largest input read from a file or stdin: a HAR of a long session fits, a disk image does not. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * The tokens in what the user gave: the token itself; or every distinct JWT
 * in a log line, a HAR file or other text (found by shape, in order).
 * Something that is one word with no JWT inside is returned as is, so
 * `describeToken` says why it is not one.
 *
 * @example
 * tokensIn('level=info msg="opened" token=eyJhbGciOi…'); // ["eyJhbGciOi…"]
 */
export function tokensIn(text: string): string[] {
  const trimmed = text.trim();
  const found = [...new Set(trimmed.match(EMBEDDED_JWT) ?? [])];
  if (found.length > 0) return found;
  if (trimmed !== "" && !/\s/.test(trimmed)) return [trimmed];
  throw new CliError(
    "NOT_A_JWT",
    trimmed === "" ? "no input: nothing to decode" : "no JWT found in the input",
    EXIT.failed,
  );
}

/**
 * What to look for tokens in: `-` is stdin, an existing file is read (a HAR,
 * a log), anything else is the text itself (a token, a pasted log line).
 *
 * @example
 * tokensIn(await readInput("session.har", io));
 */
export async function readInput(value: string | undefined, io: CommandIo): Promise<string> {
  if (value === undefined) {
    throw new CliError("USAGE", "missing <token> (a token, a log line, a file, or - for stdin)");
  }
  if (value === "-") {
    return readStdin(io, MAX_INPUT_BYTES).catch((err: unknown) => {
      if (err instanceof RangeError) throw new CliError("USAGE", "stdin is larger than 64 MB");
      throw err;
    });
  }
  if (!value.startsWith("eyJ") && existsSync(value) && statSync(value).isFile()) {
    if (statSync(value).size > MAX_INPUT_BYTES) {
      throw new CliError("USAGE", `${value} is larger than 64 MB`);
    }
    return readFileSync(value, "utf8");
  }
  return value;
}

import { EXIT, usage } from "../cli-error.js";
import type { Command } from "./command.js";
import { describeToken, formatFields } from "./describe-token.js";
import { readInput, tokensIn } from "./find-tokens.js";
import { parseCommandLine } from "./parse-command-line.js";

const HELP = `Usage: widget-tokens decode <token | text | file | -> [--json]

Print a JWT's header and claims, without checking its signature. iat, nbf
and exp are shown as ISO 8601 times with how long ago or how soon. The
argument is a token, a log line holding one, a file (a HAR, a log), or -
for stdin; every distinct token found in it is decoded, in order.

Options:
  --json      one JSON line per token: {header, claims, times, expiry, expired, expiresIn, looksLike}
  -h, --help  this help

Exit status: 0 decoded, 1 not a JWT (or none found), 2 usage error.

Examples:
  widget-tokens decode eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln
  widget-tokens decode session.har
  grep patToken app.log | widget-tokens decode -`;

/** `widget-tokens decode <token>`. */
export const decodeCommand: Command = {
  name: "decode",
  summary: "print a token's header and claims, times in human words",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {});
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 1) usage("decode takes one <token> (quote a log line)");
    const tokens = tokensIn(await readInput(positionals[0], io));
    const described = tokens.map((token) => describeToken(token));
    if (values.json) {
      for (const d of described) io.out(JSON.stringify(d));
      return EXIT.ok;
    }
    io.out(described.map(humanReadable).join(`\n\n${"-".repeat(40)}\n\n`));
    return EXIT.ok;
  },
};

function humanReadable(described: ReturnType<typeof describeToken>): string {
  return [
    ...(described.looksLike ? [`Looks like: ${described.looksLike}`, ""] : []),
    "Header",
    ...formatFields(described.header),
    "",
    "Claims",
    ...formatFields(described.claims, described.times),
    "",
    `Expiry: ${described.expiry ?? "no exp claim"}`,
    "Signature: not checked (widget-tokens verify <provider> <token> checks it)",
  ].join("\n");
}

import { EXIT, usage } from "../cli-error.js";
import type { Command } from "./command.js";
import { describeToken, formatFields } from "./describe-token.js";
import { parseCommandLine, readTokenArgument } from "./parse-command-line.js";

const HELP = `Usage: widget-tokens decode <token> [--json]

Print a JWT's header and claims, without checking its signature. iat, nbf
and exp are shown as ISO 8601 times with how long ago or how soon. Use - as
<token> to read it from stdin.

Options:
  --json      one JSON object: {header, claims, times, expiry, expired, expiresIn, looksLike}
  -h, --help  this help

Exit status: 0 decoded, 1 not a JWT, 2 usage error.

Example:
  widget-tokens decode eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln`;

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
    if (positionals.length > 1) usage("decode takes one <token>");
    const token = await readTokenArgument(positionals[0]);
    const described = describeToken(token);
    if (values.json) {
      io.out(JSON.stringify(described, null, 2));
      return EXIT.ok;
    }
    io.out(
      [
        ...(described.looksLike ? [`Looks like: ${described.looksLike}`, ""] : []),
        "Header",
        ...formatFields(described.header),
        "",
        "Claims",
        ...formatFields(described.claims, described.times),
        "",
        `Expiry: ${described.expiry ?? "no exp claim"}`,
        "Signature: not checked (widget-tokens verify <provider> <token> checks it)",
      ].join("\n"),
    );
    return EXIT.ok;
  },
};

import { EXIT, usage } from "../cli-error.js";
import { describeExpiry } from "../inspect/human-time.js";
import { allStandIns, standInOf } from "../stand-ins.js";
import { judgeToken } from "../verify/judge-token.js";
import { tokenToolsOf } from "../verify/token-tools.js";
import type { Command } from "./command.js";
import { loadEnvFile, parseCommandLine, readTokenArgument } from "./parse-command-line.js";
import { readProvider } from "./read-provider.js";

const HELP = `Usage: widget-tokens verify <provider> <token> [--json] [--env-file FILE]

Check a token as the provider's sandbox stand-in does (the same verifier):
the pinned algorithm, the signature with the merchant's key, every claim,
the expiry. Prints one line: the verdict and the reason. One-time use
(a replayed token) is only known to a running sandbox: see GET /__inspect.

Providers and the environment variables they read (the demo's names):
${allStandIns()
  .flatMap((s) =>
    typeof s.tokens === "string" ? [] : [`  ${s.id.padEnd(8)} ${s.tokens.verifyEnv}`],
  )
  .join("\n")}

Options:
  --env-file FILE  read the variables from FILE first (set ones win)
  --json           one JSON object: {provider, valid, verdict, reason, user, amount, currency, expiresAt, header, claims}
  -h, --help       this help

Exit status: 0 valid, 1 invalid, 2 usage error (missing variable included).

Example:
  widget-tokens verify fluz "$TOKEN"`;

/** `widget-tokens verify <provider> <token>`. */
export const verifyCommand: Command = {
  name: "verify",
  summary: "check a token's signature and claims against the environment's configuration",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, {});
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 2) usage("verify takes <provider> <token>");
    const provider = readProvider(positionals[0]);
    loadEnvFile(values["env-file"], io.env);
    const standIn = standInOf(provider);
    const config = tokenToolsOf(standIn).readConfig(io.env, false);
    const token = await readTokenArgument(positionals[1], io);
    const judged = await judgeToken(token, standIn, config);
    const valid = judged.verdict === "valid";
    if (values.json) {
      io.out(JSON.stringify({ provider, valid, ...judged }));
    } else if (valid) {
      const parts = [
        judged.user ? `for ${judged.user}` : "",
        judged.amount !== null
          ? `amount ${judged.amount}${judged.currency ? ` ${judged.currency}` : ""}`
          : "",
        judged.expiresAt ? describeExpiry(Date.parse(judged.expiresAt) / 1000) : "",
      ].filter(Boolean);
      io.out(`valid: ${standIn.name} token ${parts.join(", ")}`.trimEnd());
    } else {
      io.out(`invalid (${judged.verdict}): ${judged.reason}`);
    }
    return valid ? EXIT.ok : EXIT.failed;
  },
};

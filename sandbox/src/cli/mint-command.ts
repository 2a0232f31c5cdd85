import { FLUZ_TRANSACTION_TYPES, type FluzTransactionType } from "@widget-tokens/shared";
import { CliError, EXIT, usage } from "../cli-error.js";
import type { MintOption, MintRequest } from "../stand-in.js";
import { allStandIns, standInOf } from "../stand-ins.js";
import { tokenToolsOf } from "../verify/token-tools.js";
import type { Command } from "./command.js";
import { loadEnvFile, parseCommandLine } from "./parse-command-line.js";
import { readProvider } from "./read-provider.js";

const HELP = `Usage: widget-tokens mint <provider> --user ID [options]

Mint a token from the environment's configuration (the demo's variable
names, as for verify), for poking a provider's sandbox by hand. Prints the
token alone on stdout, so it pipes:
  widget-tokens verify fluz "$(widget-tokens mint fluz --user u1 --amount 50)"

Providers and their options:
${allStandIns()
  .flatMap((s) =>
    typeof s.tokens === "string" ? [] : [`  ${s.id.padEnd(8)} ${s.tokens.mint.help}`],
  )
  .join("\n")}

Options:
  --user ID            whom the token is for (required)
  --expires-in TIME    lifetime: 90s, 15m, 1h, 2d or seconds; --expires-in=-1h mints an expired token
  --env-file FILE      read the variables from FILE first (set ones win)
  --json               one JSON object: {token, header, claims}
  -h, --help           this help

Exit status: 0 minted, 1 the exchange failed, 2 usage error.`;

const OPTIONS = {
  user: { type: "string" },
  amount: { type: "string" },
  type: { type: "string" },
  currency: { type: "string" },
  "expires-in": { type: "string" },
  "account-id": { type: "string" },
  email: { type: "string" },
  "first-name": { type: "string" },
  "last-name": { type: "string" },
  locale: { type: "string" },
  exchange: { type: "string" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Every option a stand-in's mint may take is one the command line reads. */
OPTIONS satisfies Record<MintOption, unknown>;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A lifetime: `90s`, `15m`, `1h`, `2d`, or seconds; negative allowed. */
function readDuration(value: string): number {
  const match = /^(-?\d{1,9})([smhd]?)$/.exec(value.trim());
  if (!match) throw new CliError("USAGE", `--expires-in ${value}: use 90s, 15m, 1h, 2d or seconds`);
  return Number(match[1]) * UNIT_SECONDS[match[2] || "s"]!;
}

function readAmount(value: string | undefined, minorUnits: boolean): number {
  if (value === undefined) throw new CliError("USAGE", "missing --amount");
  const pattern = minorUnits ? /^\d{1,12}$/ : /^\d{1,9}(\.\d{1,2})?$/;
  const amount = Number(value);
  if (!pattern.test(value) || amount <= 0) {
    throw new CliError(
      "USAGE",
      minorUnits
        ? `--amount ${value}: a positive integer in minor units (1299 = 12.99)`
        : `--amount ${value}: a positive amount with at most two decimals (50, 12.50)`,
    );
  }
  return amount;
}

/** `widget-tokens mint <provider> --user … --amount …`. */
export const mintCommand: Command = {
  name: "mint",
  summary: "mint a token from the environment's configuration",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, OPTIONS);
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 1) usage(`unexpected argument ${JSON.stringify(positionals[1])}`);
    const provider = readProvider(positionals[0]);
    const tools = tokenToolsOf(standInOf(provider)); // explains why not (merchant API)
    const allowed: readonly OptionName[] = ["user", ...tools.mint.options];
    for (const name of Object.keys(OPTIONS) as OptionName[]) {
      if (values[name] !== undefined && !allowed.includes(name)) {
        usage(`--${name} does not apply to ${provider}`);
      }
    }
    if (!values.user) throw new CliError("USAGE", "missing --user");
    loadEnvFile(values["env-file"], io.env);
    const config = tools.readConfig(io.env, true);
    const request: MintRequest = { user: values.user };
    if (tools.mint.amount !== "none") {
      request.amount = readAmount(values.amount, tools.mint.amount === "minor-units");
    }
    if (values["expires-in"] !== undefined) request.expiresIn = readDuration(values["expires-in"]);
    if (values.type !== undefined) {
      const type = values.type.toUpperCase() as FluzTransactionType;
      if (!FLUZ_TRANSACTION_TYPES.includes(type)) usage("--type must be DEPOSIT or WITHDRAW");
      request.transactionType = type;
    }
    if (values.currency !== undefined) {
      if (!/^[A-Z]{3}$/.test(values.currency)) usage("--currency must be ISO 4217, e.g. USD");
      request.currency = values.currency;
    }
    if (values["account-id"] !== undefined) request.accountId = values["account-id"];
    if (values.email !== undefined) request.email = values.email;
    if (values["first-name"] !== undefined) request.firstName = values["first-name"];
    if (values["last-name"] !== undefined) request.lastName = values["last-name"];
    if (values.locale !== undefined) request.locale = values.locale;
    const minted = await tools.mint.mint(config, request);
    if (values.exchange !== undefined && tools.mint.exchange) {
      const exchanged = await tools.mint.exchange(values.exchange, config, minted);
      io.out(values.json ? JSON.stringify(exchanged.json) : exchanged.token);
      return EXIT.ok;
    }
    io.out(values.json ? JSON.stringify(minted) : minted.token);
    return EXIT.ok;
  },
};

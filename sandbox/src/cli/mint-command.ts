import {
  FLUZ_TRANSACTION_TYPES,
  type FluzTransactionType,
  JWT_BEARER_GRANT,
} from "@widget-tokens/shared";
import { type MintRequest, mintToken } from "../mint/mint-token.js";
import type { SandboxProviderId } from "../provider-ids.js";
import { readProviderConfig } from "../verify/provider-config.js";
import { CliError, EXIT, usage } from "./cli-error.js";
import type { Command } from "./command.js";
import { loadEnvFile, parseCommandLine } from "./parse-command-line.js";
import { readProvider } from "./read-provider.js";

const HELP = `Usage: widget-tokens mint <provider> --user ID [options]

Mint a token from the environment's configuration (the demo's variable
names, as for verify), for poking a provider's sandbox by hand. Prints the
token alone on stdout, so it pipes:
  widget-tokens verify fluz "$(widget-tokens mint fluz --user u1 --amount 50)"

Providers and their options:
  fluz     --amount DOLLARS (50, 12.50) [--type DEPOSIT|WITHDRAW] [--expires-in 1d]
  impact   [--account-id ID] [--email E] [--first-name N] [--last-name N] [--locale en_US] [--expires-in 1h]
  gr4vy    --amount MINOR_UNITS (1299 = 12.99) [--currency USD] [--expires-in 1h]
  jackpot  --amount DOLLARS [--exchange BASE_URL]  (exchanges the assertion at BASE_URL/v2/token,
           e.g. http://127.0.0.1:4010/jackpot, and prints the session token; needs JACKPOT_API_KEY)

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

const ALLOWED: Record<Exclude<SandboxProviderId, "merchantApi">, OptionName[]> = {
  fluz: ["user", "amount", "type", "expires-in"],
  impact: ["user", "account-id", "email", "first-name", "last-name", "locale", "expires-in"],
  gr4vy: ["user", "amount", "currency", "expires-in"],
  jackpot: ["user", "amount", "exchange"],
};

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

async function exchange(base: string, apiKey: string | undefined, assertion: string) {
  if (!apiKey)
    throw new CliError("MISSING_ENV", "JACKPOT_API_KEY is not set (needed by --exchange)");
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, "")}/v2/token`);
  } catch {
    throw new CliError("USAGE", `--exchange ${base}: not a URL`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: JWT_BEARER_GRANT, client_id: apiKey, assertion }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new CliError(
      "UPSTREAM",
      `exchange at ${url} failed: ${(err as Error).message}`,
      EXIT.failed,
    );
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || typeof body?.access_token !== "string") {
    const why = body?.error
      ? `${body.error}: ${body.error_description ?? ""}`
      : `HTTP ${res.status}`;
    throw new CliError("UPSTREAM", `exchange refused (${why})`, EXIT.failed);
  }
  return body as { access_token: string; expires_in?: number };
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
    if (provider === "merchantApi") readProviderConfig(provider, io.env); // explains why not
    const allowed = ALLOWED[provider as keyof typeof ALLOWED];
    for (const name of Object.keys(OPTIONS) as OptionName[]) {
      if (values[name] !== undefined && !allowed.includes(name)) {
        usage(`--${name} does not apply to ${provider}`);
      }
    }
    if (!values.user) throw new CliError("USAGE", "missing --user");
    loadEnvFile(values["env-file"]);
    const config = readProviderConfig(provider, io.env, { forMinting: true });
    const request: MintRequest = { user: values.user };
    if (provider !== "impact") request.amount = readAmount(values.amount, provider === "gr4vy");
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
    const minted = await mintToken(config, request);
    if (values.exchange !== undefined && config.provider === "jackpot") {
      const session = await exchange(values.exchange, config.apiKey, minted.token);
      io.out(
        values.json
          ? JSON.stringify(
              { ...minted, sessionToken: session.access_token, expiresIn: session.expires_in },
              null,
              2,
            )
          : session.access_token,
      );
      return EXIT.ok;
    }
    io.out(values.json ? JSON.stringify(minted, null, 2) : minted.token);
    return EXIT.ok;
  },
};

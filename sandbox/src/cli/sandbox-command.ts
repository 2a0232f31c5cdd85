import { chmodSync, writeFileSync } from "node:fs";
import { CliError, EXIT, usage } from "../cli-error.js";
import {
  SECRET_ENV_NAMES,
  credentialsFromEnv,
  credentialsToEnv,
} from "../credentials/credentials-env.js";
import type { SandboxProvidersInput } from "../credentials/sandbox-credentials.js";
import { SandboxError } from "../errors.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId } from "../provider-ids.js";
import { standInOf } from "../stand-ins.js";
import { type Sandbox, startSandbox } from "../start-sandbox.js";
import type { Command } from "./command.js";
import { envLine } from "./env-lines.js";
import { loadEnvFile, parseCommandLine } from "./parse-command-line.js";
import { readProvider } from "./read-provider.js";

const HELP = `Usage: widget-tokens sandbox [--port N] [options]

Start the provider stand-ins on one origin and keep them up until Ctrl-C
(SIGINT) or SIGTERM. Prints, on stdout, env lines for the app under test:
SANDBOX_URL, SANDBOX_INSPECT_URL (the inspection page) and the providers'
identifiers. Credentials set in the environment (the demo's names:
FLUZ_API_SECRET, GR4VY_PRIVATE_KEY…) are used; the others are generated.
Secrets are printed only with --print-credentials.

Options:
  --port N              port (default: SANDBOX_PORT, else a free one)
  --host HOST           interface to listen on (default 127.0.0.1)
  --providers LIST      comma-separated: ${SANDBOX_PROVIDERS.join(",")} (default: all)
  --print-credentials   print the secret variables too (test secrets of this sandbox)
  --write-env FILE      write every variable, secrets included, to FILE (mode 600)
  --env-file FILE       read credentials from FILE first (set variables win)
  --notification-url URL  where Fluz's and Jackpot's notifications go: your
                        app's mount, e.g. http://localhost:3000/widget-tokens
                        (default: SANDBOX_NOTIFICATION_URL; unset: none sent)
  --json                one JSON line: {url, inspectUrl, providers, env, hidden}
  -h, --help            this help

Exit status: 0 stopped by a signal, 1 could not listen, 2 usage error.`;

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  providers: { type: "string" },
  "print-credentials": { type: "boolean" },
  "write-env": { type: "string" },
  "notification-url": { type: "string" },
} as const;

function readPort(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65_535) {
    throw new CliError("USAGE", `port ${JSON.stringify(value)}: use 0 to 65535`);
  }
  return port;
}

function providersInput(list: string | undefined, env: NodeJS.ProcessEnv): SandboxProvidersInput {
  const ids: SandboxProviderId[] =
    list === undefined
      ? [...SANDBOX_PROVIDERS]
      : list.split(",").map((name) => readProvider(name.trim()));
  const given = credentialsFromEnv(env) as Record<string, object | undefined>;
  return Object.fromEntries(ids.map((id) => [id, given[id] ?? true]));
}

/** Write every variable to `file`, readable by its owner only. */
function writeEnvFile(file: string, env: Record<string, string>): void {
  try {
    const text = Object.entries(env).map(([n, v]) => envLine(n, v));
    writeFileSync(file, `${text.join("\n")}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    throw new CliError(
      "USAGE",
      `cannot write --write-env ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
}

/** `widget-tokens sandbox [--port N]`. */
export const sandboxCommand: Command = {
  name: "sandbox",
  summary: "start the provider stand-ins and print their URL and credentials as env lines",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(args, OPTIONS);
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 0) usage(`unexpected argument ${JSON.stringify(positionals[0])}`);
    loadEnvFile(values["env-file"], io.env);
    const port = readPort(values.port ?? io.env.SANDBOX_PORT);
    let providers: SandboxProvidersInput;
    try {
      providers = providersInput(values.providers, io.env);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError("INVALID_ENV", `cannot read the credentials: ${(err as Error).message}`);
    }
    let sandbox: Sandbox;
    try {
      const url = values["notification-url"] ?? io.env.SANDBOX_NOTIFICATION_URL;
      sandbox = await startSandbox({
        port,
        host: values.host ?? "127.0.0.1",
        providers,
        notifications: { url: url || null },
      });
    } catch (err) {
      if (err instanceof SandboxError) throw new CliError("INVALID_ENV", err.message);
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(
        "LISTEN",
        code === "EADDRINUSE"
          ? `port ${port} is in use`
          : `cannot listen: ${(err as Error).message}`,
        EXIT.failed,
      );
    }
    const all: Record<string, string> = {
      SANDBOX_URL: sandbox.url,
      SANDBOX_INSPECT_URL: sandbox.inspectUrl,
      ...credentialsToEnv(sandbox.credentials),
    };
    const hidden = Object.keys(all).filter((name) => SECRET_ENV_NAMES.has(name));
    const shown = values["print-credentials"]
      ? all
      : Object.fromEntries(Object.entries(all).filter(([name]) => !SECRET_ENV_NAMES.has(name)));
    if (values["write-env"] !== undefined) {
      try {
        writeEnvFile(values["write-env"], all);
      } catch (err) {
        await sandbox.close();
        throw err;
      }
    }
    // Listen for the signals before saying we are up: whoever reads the URL may stop us at once.
    const stopped = io.stopSignal();
    if (values.json) {
      io.out(
        JSON.stringify({
          url: sandbox.url,
          inspectUrl: sandbox.inspectUrl,
          providers: sandbox.providers,
          env: shown,
          hidden: values["print-credentials"] ? [] : hidden,
        }),
      );
    } else {
      io.out(
        Object.entries(shown)
          .map(([n, v]) => envLine(n, v))
          .join("\n"),
      );
    }
    io.err(
      [
        `widget-tokens sandbox: ${sandbox.providers.map((id) => standInOf(id).name).join(", ")} at ${sandbox.url}`,
        `  inspection page: ${sandbox.inspectUrl}`,
        ...(!values["print-credentials"] && hidden.length > 0
          ? [
              `  ${hidden.length} secret variables not printed (${hidden.join(", ")}): --print-credentials prints them${values["write-env"] ? `; written to ${values["write-env"]}` : ", --write-env FILE saves them"}`,
            ]
          : []),
        "  Ctrl-C stops it.",
      ].join("\n"),
    );
    const signal = await stopped;
    io.err(`widget-tokens sandbox: ${signal}, stopping`);
    await sandbox.close();
    return EXIT.ok;
  },
};

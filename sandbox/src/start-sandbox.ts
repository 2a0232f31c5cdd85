import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { createSandboxApp } from "./create-sandbox-app.js";
import {
  type SandboxCredentials,
  type SandboxProvidersInput,
  resolveSandboxProviders,
} from "./credentials/sandbox-credentials.js";
import type { Faults } from "./faults/fault-registry.js";
import { createSandboxHooks } from "./hooks.js";
import type { Inspector } from "./inspect/inspector.js";
import type { SandboxNotificationOptions, SandboxNotifications } from "./notification-sender.js";
import type { SandboxProviderId } from "./provider-ids.js";
import { type ResetCounts, type ResetFilter, resetSandbox } from "./reset.js";

export interface StartSandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number | undefined;
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host?: string | undefined;
  /** Host name in `url`. Default: `host`, or `localhost` for 0.0.0.0 / ::. */
  publicHost?: string | undefined;
  /**
   * Which stand-ins to start, and with what: names (credentials generated),
   * or per provider `true` / options (what you leave out is generated).
   * Default: all five, every credential generated.
   */
  providers?: SandboxProvidersInput | undefined;
  /** How many received tokens the inspector keeps (oldest dropped first). Default 1000. */
  maxTokens?: number | undefined;
  /**
   * Where the stand-ins send their notifications when a widget completes
   * (Fluz, Jackpot), how they retry, and the sender's clock. Default: no
   * URL (nothing sent) until `sandbox.notifications.url` is set.
   */
  notifications?: SandboxNotificationOptions | undefined;
}

/** A running sandbox. */
export interface Sandbox {
  /** Origin of the sandbox, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The inspection page for people: `${url}/__inspect/`. */
  inspectUrl: string;
  /** The stand-ins started. */
  providers: SandboxProviderId[];
  /** What the merchant's app is configured with (see `credentialsToEnv`). */
  credentials: SandboxCredentials;
  /** Every token the stand-ins received, and waits for the next. */
  inspect: Inspector;
  /** The fault switches of every stand-in. */
  faults: Faults;
  /** The notifications sent when a widget completes: their URL, delivery faults, deliveries. */
  notifications: SandboxNotifications;
  /**
   * Put the sandbox back as a test found it, for a user or a test's scope
   * (everything without either): their switches and `expire` clocks, their
   * tokens in the inspection log, spent Fluz tokens, merchant-API decline
   * marks. Returns how many of each were forgotten.
   */
  reset(filter?: ResetFilter): ResetCounts;
  app: Express;
  server: Server;
  /** Stop listening, drop open connections, reject pending waits. */
  close(): Promise<void>;
}

/**
 * Start the sandbox on its own origin: every provider stand-in (or those
 * named), with generated test credentials unless you pass yours.
 *
 * @example
 * const sandbox = await startSandbox({ providers: ["fluz", "gr4vy"] });
 * const env = credentialsToEnv(sandbox.credentials); // FLUZ_API_KEY, GR4VY_PRIVATE_KEY…
 * const since = sandbox.inspect.cursor();
 * // … the app under test opens the Fluz widget …
 * const token = await sandbox.inspect.waitFor({ provider: "fluz", since });
 * sandbox.faults.set({ kind: "decline", provider: "gr4vy" });
 * await sandbox.close();
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const { port = 0, host = "127.0.0.1" } = options;
  const publicHost =
    options.publicHost ?? (host === "0.0.0.0" || host === "::" ? "localhost" : host);
  const resolved = resolveSandboxProviders(options.providers);
  const hooks = createSandboxHooks({
    maxTokens: options.maxTokens,
    notifications: options.notifications,
  });
  // The routes need their own origin (for the widget script), so listen first
  // and hand requests to the app once it is built.
  const holder: { app?: Express } = {};
  const server = createServer((req, res) => holder.app!(req, res));
  // Providers' APIs keep idle connections about a minute (their load balancers'
  // default), not Node's 5 s: a client's pooled socket then outlives a busy second.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, host);
  await once(server, "listening");
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${publicHost.includes(":") ? `[${publicHost}]` : publicHost}:${actual}`;
  const app = createSandboxApp(resolved.options, url, hooks);
  holder.app = app;
  let closing: Promise<void> | undefined;
  return {
    url,
    inspectUrl: `${url}/__inspect/`,
    providers: Object.keys(resolved.credentials) as SandboxProviderId[],
    credentials: resolved.credentials,
    inspect: hooks.inspect,
    faults: hooks.faults,
    notifications: hooks.notifications,
    reset: (filter = {}) => resetSandbox(hooks, filter),
    app,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        hooks.inspect.close();
        hooks.notifications.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

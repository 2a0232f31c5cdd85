import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { type SandboxFluzOptions, sandboxFluz } from "./fluz/router.js";
import { type SandboxGr4vyOptions, sandboxGr4vy } from "./gr4vy/router.js";
import { type SandboxImpactOptions, sandboxImpact } from "./impact/router.js";
import { type SandboxJackpotOptions, sandboxJackpot } from "./jackpot/router.js";
import {
  type MerchantApiSandbox,
  type SandboxMerchantApiOptions,
  sandboxMerchantApi,
} from "./merchant-api/router.js";

export {
  type MerchantApiSandbox,
  type MerchantApiSandboxCounts,
  type SandboxMerchantApiOptions,
  createMerchantApiSandbox,
} from "./merchant-api/router.js";
export type { SandboxFluzOptions } from "./fluz/router.js";
export type { SandboxGr4vyOptions } from "./gr4vy/router.js";
export type { SandboxImpactOptions } from "./impact/router.js";
export type { SandboxJackpotOptions } from "./jackpot/router.js";
export {
  type JackpotExchangeRecord,
  type JackpotFaults,
  type JackpotSandboxControl,
  jackpotSandboxControl,
} from "./jackpot/control.js";

/** Credentials of each provider the sandbox stands in for. Omit one to leave it out. */
export interface SandboxOptions {
  fluz?: SandboxFluzOptions;
  gr4vy?: SandboxGr4vyOptions;
  impact?: SandboxImpactOptions;
  /** Pass `control: jackpotSandboxControl()` to flip faults and read the exchange ledger. */
  jackpot?: SandboxJackpotOptions;
  /** Options, or a `createMerchantApiSandbox()` a test built to read its counters. */
  merchantApi?: SandboxMerchantApiOptions | MerchantApiSandbox;
}

export interface Sandbox {
  /** Origin of the sandbox, e.g. http://127.0.0.1:41234. */
  url: string;
  app: Express;
  server: Server;
  close(): Promise<void>;
}

/**
 * Build the sandbox app: real-HTTP stand-ins of every provider, which check
 * tokens exactly as the provider would. `origin` is where it will be served.
 */
export function createSandboxApp(options: SandboxOptions, origin: string): Express {
  const app = express();
  app.disable("x-powered-by");
  if (options.fluz) app.use(sandboxFluz(options.fluz, origin));
  if (options.gr4vy) app.use(sandboxGr4vy(options.gr4vy, origin));
  if (options.impact) app.use(sandboxImpact(options.impact, origin));
  if (options.jackpot) app.use(sandboxJackpot(options.jackpot, origin));
  if (options.merchantApi) app.use(sandboxMerchantApi(options.merchantApi));
  app.get("/", (_req, res) => {
    res.json({ sandbox: "widget-tokens", providers: Object.keys(options) });
  });
  return app;
}

/**
 * Start the sandbox on its own origin (port 0 picks a free port).
 *
 * @example
 * const sandbox = await startSandbox({ fluz: { apiKey, apiSecret } });
 * console.log(`${sandbox.url}/fluz/widget.js`);
 * await sandbox.close();
 */
export async function startSandbox(
  options: SandboxOptions,
  {
    port = 0,
    host = "127.0.0.1",
    publicHost = host === "0.0.0.0" || host === "::" ? "localhost" : host,
  }: { port?: number; host?: string; publicHost?: string } = {},
): Promise<Sandbox> {
  // The routes need their own origin (for the widget script), so listen first
  // and hand requests to the app once it is built.
  const holder: { app?: Express } = {};
  const server = createServer((req, res) => holder.app!(req, res));
  server.listen(port, host);
  await once(server, "listening");
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${publicHost}:${actual}`;
  const app = createSandboxApp(options, url);
  holder.app = app;
  return {
    url,
    app,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

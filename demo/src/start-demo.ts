import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import type { Logger, Store, WidgetTokensMiddleware } from "@widget-tokens/server";
import type { Express } from "express";
import { createDemoApp, demoSandboxOptions } from "./app.js";

export interface RunningDemo {
  url: string;
  sandbox: Sandbox;
  server: Server;
  /** The sandbox port that was asked for and busy, when the sandbox fell back to a free one. */
  sandboxPortBusy?: number | undefined;
  /** The middleware's ledger: what each provider's flow settled (`lookup(key)`). */
  ledger: WidgetTokensMiddleware["ledger"];
  /** Transfer tokens recorded by `onIssued`, and their 201 answers sent in full. */
  counts: { readonly issued: number; readonly answered: number };
  /**
   * Stop at once: open connections are cut (tests, Ctrl-C). For a graceful
   * stop, `shutdown()` first.
   */
  close(): Promise<void>;
  /**
   * Drain (SIGTERM): stop listening, answer new token requests on open
   * connections with 503 `SHUTTING_DOWN`, let in-flight ones finish (at
   * most `timeoutMs`), then close the connections. Follow with `close()`.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

/**
 * A port the demo cannot listen on: busy (`EADDRINUSE`) or not allowed
 * (`EACCES`). `variable` is the environment variable that chooses it.
 */
export class DemoPortError extends Error {
  override readonly name = "DemoPortError";
  constructor(
    readonly port: number,
    readonly variable: "PORT" | "SANDBOX_PORT",
    readonly reason: "busy" | "not allowed",
  ) {
    super(`${variable} ${port} is ${reason === "busy" ? "already in use" : "not allowed"}`);
  }
}

/** A graceful shutdown stops listening once no request has come for this long (ms). */
const QUIET_MS = 250;

const portError = (err: unknown, port: number, variable: DemoPortError["variable"]) => {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") return new DemoPortError(port, variable, "busy");
  if (code === "EACCES") return new DemoPortError(port, variable, "not allowed");
  return err;
};

/**
 * Start the sandbox and the demo shop. Used by `npm start` and by the
 * end-to-end tests (port 0 picks free ports). The shop's port is taken
 * first, so a busy one fails before anything else starts. With
 * `sandboxPortFallback`, a busy `sandboxPort` gives way to a free one
 * (`sandboxPortBusy` says so); otherwise it fails like a busy shop port.
 */
export async function startDemo(o: {
  port: number;
  sandboxPort?: number | undefined;
  sandboxPortFallback?: boolean | undefined;
  host?: string | undefined;
  secrets: Record<string, string>;
  store?: Store | undefined;
  logger?: Logger | undefined;
  /**
   * A sandbox already running with the demo's providers
   * (`demoSandboxOptions(secrets)`), e.g. the one the e2e fixtures share:
   * the demo uses it and neither starts nor closes one.
   */
  sandbox?: Sandbox | undefined;
}): Promise<RunningDemo> {
  // The app needs the sandbox's URL, so it comes after the port is taken; a
  // request in between (the sandbox starting) gets a 503.
  const holder: { app?: Express } = {};
  const server = createServer((req, res) => {
    if (holder.app) holder.app(req, res);
    else res.writeHead(503, { "Retry-After": "1" }).end("Starting");
  });
  try {
    server.listen(o.port, o.host ?? "localhost");
    await once(server, "listening");
  } catch (err) {
    throw portError(err, o.port, "PORT");
  }
  let sandbox: Sandbox;
  let sandboxPortBusy: number | undefined;
  const sandboxOn = (port: number) =>
    startSandbox({ providers: demoSandboxOptions(o.secrets), port, host: "127.0.0.1" });
  try {
    const wanted = o.sandboxPort ?? 0;
    try {
      sandbox = o.sandbox ?? (await sandboxOn(wanted));
    } catch (err) {
      const error = portError(err, wanted, "SANDBOX_PORT");
      if (!(error instanceof DemoPortError && error.reason === "busy" && o.sandboxPortFallback)) {
        throw error;
      }
      sandbox = await sandboxOn(0);
      sandboxPortBusy = wanted;
    }
  } catch (err) {
    server.close();
    throw err;
  }
  const demo = createDemoApp({
    secrets: o.secrets,
    sandboxUrl: sandbox.url,
    store: o.store,
    logger: o.logger,
  });
  holder.app = demo.app;
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  // Fluz's and Jackpot's notifications (server to server) go to the shop's mount.
  sandbox.notifications.url = `${url}/widget-tokens`;
  return {
    url,
    sandbox,
    server,
    ...(sandboxPortBusy === undefined ? {} : { sandboxPortBusy }),
    ledger: demo.tokens.ledger,
    counts: demo.counts,
    async shutdown(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      // Still listening while the token requests drain, and until the clients have
      // gone (no request for QUIET_MS): what arrives now is answered 503
      // SHUTTING_DOWN, never reset in the accept queue or cut before it is read.
      let lastRequest = Date.now();
      const seen = () => {
        lastRequest = Date.now();
      };
      server.on("connection", seen);
      server.on("request", seen);
      await demo.tokens.close({ timeoutMs });
      while (Date.now() - lastRequest < QUIET_MS && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, QUIET_MS / 5));
      }
      server.off("connection", seen);
      server.off("request", seen);
      // No new connections; idle keep-alive ones are closed now, busy ones when their answer is sent.
      const closed = new Promise<void>((r) => server.close(() => r()));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        closed,
        new Promise<void>((r) => {
          timer = setTimeout(r, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await demo.close();
      if (!o.sandbox) await sandbox.close();
    },
  };
}

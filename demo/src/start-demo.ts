import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import type { Logger, Store } from "@widget-tokens/server";
import { createDemoApp, demoSandboxOptions } from "./app.js";

export interface RunningDemo {
  url: string;
  sandbox: Sandbox;
  server: Server;
  close(): Promise<void>;
}

/**
 * Start the sandbox and the demo shop. Used by `npm start` and by the
 * end-to-end tests (port 0 picks free ports).
 */
export async function startDemo(o: {
  port: number;
  sandboxPort?: number;
  host?: string;
  secrets: Record<string, string>;
  store?: Store;
  logger?: Logger;
}): Promise<RunningDemo> {
  const sandbox = await startSandbox({
    providers: demoSandboxOptions(o.secrets),
    port: o.sandboxPort ?? 0,
    host: "127.0.0.1",
  });
  const { app, tokens } = createDemoApp({
    secrets: o.secrets,
    sandboxUrl: sandbox.url,
    store: o.store,
    logger: o.logger,
  });
  const server = app.listen(o.port, o.host ?? "localhost");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    sandbox,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await tokens.close();
      await sandbox.close();
    },
  };
}

import { fork } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import express from "express";
import { type Store, widgetTokens } from "../../src/index.js";

/**
 * What server/test/memory-per-token.test.ts asserts and
 * bench/memory-per-token.ts reports, measured one way for both.
 */

/** The measurement of helpers/memory-per-token.ts. */
export interface HeapPerToken {
  tokens: number;
  withKey: boolean;
  bytesPerToken: number;
  entriesPerToken: number;
}

const CHILD = fileURLToPath(new URL("./memory-per-token.ts", import.meta.url));

/**
 * Heap per issued token on the default memory store, in a process of its
 * own (helpers/memory-per-token.ts), with or without an Idempotency-Key on
 * every request. Rejects when that process fails.
 *
 * @example
 * const { bytesPerToken } = await measureHeapPerToken(true);
 */
export async function measureHeapPerToken(withKey: boolean): Promise<HeapPerToken> {
  const child = fork(CHILD, [], {
    execArgv: [
      // No optimizing compiler and no bytecode flushing: compiled code that
      // lands, or old bytecode dropped, while counting is no token's memory.
      "--no-opt",
      "--no-flush-bytecode",
      "--expose-gc",
      "--import",
      "tsx",
      "--conditions=@widget-tokens/source",
    ],
    env: { ...process.env, WITH_KEY: withKey ? "1" : "0" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let result: HeapPerToken | undefined;
  child.once("message", (message) => {
    result = message as HeapPerToken;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0 || result === undefined) {
    throw new Error(`memory-per-token.ts ended with code ${code} and no measurement`);
  }
  return result;
}

/** A Fluz app over `store`, listening on a loopback port, as both measurements run it. */
export interface FluzApp {
  /** `http://127.0.0.1:<port>/wt/fluz/pat-token` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The real middleware for one user, Fluz only, no rate limit, silent, in a
 * real Express app (the route then is `/wt/fluz/pat-token`).
 *
 * @example
 * const app = await startFluzApp(memoryStore());
 */
export async function startFluzApp(store: Store): Promise<FluzApp> {
  const tokens = widgetTokens({
    identify: () => ({ id: "shopper-1" }),
    rateLimit: { perUser: false, perIp: false },
    logger: { info() {}, warn() {}, error() {} },
    store,
    providers: { fluz: { apiKey: "fluz-key-1", apiSecret: "s".repeat(48) } },
  });
  const app = express();
  app.use("/wt", tokens);
  const server: Server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wt/fluz/pat-token`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await tokens.close();
      await store.close();
    },
  };
}

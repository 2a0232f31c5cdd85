import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerConfig, ServerReply, ServerRequest } from "./protocol.js";

/** A server under test, in its own process. */
export interface BenchServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Reset its event-loop delay histogram. */
  resetDelay(): Promise<void>;
  /** RSS and event-loop delay since the last reset; `gc` runs a full GC first. */
  stats(gc?: boolean): Promise<Extract<ServerReply, { type: "stats" }>>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL("../server.ts", import.meta.url));
const BUILT_SERVER = fileURLToPath(new URL("../../server/dist/index.js", import.meta.url));

/**
 * The servers under test run the built packages (`dist/`, `npm run build`
 * first): what a merchant installs and runs. `BENCH_SOURCE=1` runs the
 * TypeScript sources instead (the `@widget-tokens/source` condition, no
 * build needed), for a quick look between changes: tsx's output names every
 * function it defines (`__name`), so closures made per request cost a
 * little more there than in the build.
 */
const SOURCE_CONDITION =
  process.env.BENCH_SOURCE === "1" ? ["--conditions=@widget-tokens/source"] : [];

/**
 * Fork bench/server.ts with tsx (the built packages, or their sources with
 * `BENCH_SOURCE=1`) and `--expose-gc`, hand it its configuration, and wait
 * until it listens.
 *
 * @example
 * const bare = await forkServer({ kind: "bare-http" });
 * await bare.close();
 */
export async function forkServer(
  config: ServerConfig,
  env: Record<string, string> = {},
  /** More Node flags, e.g. `["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]` (written on close). */
  nodeFlags: string[] = [],
): Promise<BenchServer> {
  if (SOURCE_CONDITION.length === 0 && !existsSync(BUILT_SERVER)) {
    throw new Error(
      "bench: the servers under test run the build; run `npm run build` first (or BENCH_SOURCE=1)",
    );
  }
  const child: ChildProcess = fork(ENTRY, [], {
    execArgv: ["--import", "tsx", ...SOURCE_CONDITION, "--expose-gc", ...nodeFlags],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...env },
  });
  const ask = <K extends ServerReply["type"]>(m: ServerRequest, answer: K) =>
    new Promise<Extract<ServerReply, { type: K }>>((resolve, reject) => {
      const onMessage = (r: ServerReply) => {
        if (r.type !== answer) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(r as Extract<ServerReply, { type: K }>);
      };
      const onExit = (code: number | null) => {
        child.off("message", onMessage);
        reject(new Error(`bench server (${config.kind}) exited with ${code}`));
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(m);
    });
  const { port } = await ask({ type: "config", config }, "ready");
  return {
    url: `http://127.0.0.1:${port}`,
    resetDelay: async () => {
      await ask({ type: "reset-delay" }, "ok");
    },
    stats: (gc = false) => ask({ type: "stats", gc }, "stats"),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

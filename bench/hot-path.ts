/**
 * The hot-path subset of `npm run bench` (issue 21, items 6 and 7), fast
 * enough to run between changes: the proxies' added latency against a bare
 * forwarder, and the Fluz route against a bare Express JSON route and a bare
 * node:http handler, measured in one run. `npm run bench` runs the same code.
 *
 *   npm run build && npx tsx bench/hot-path.ts   # BENCH_SECONDS=3, BENCH_ROUNDS=3
 *
 * The servers under test run the built packages (BENCH_SOURCE=1: the sources).
 */
import { loadavg } from "node:os";
import { resolveSandboxProviders } from "@widget-tokens/sandbox";
import { type BenchServer, forkServer } from "./lib/fork-server.js";
import { measureProxies, measureRouteRatios, proxyTable, routeTable } from "./lib/hot-path.js";
import type { BenchCredentials } from "./lib/protocol.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY; // "proxies" | "routes"
const { credentials } = resolveSandboxProviders();
const creds = credentials as BenchCredentials;
const servers: BenchServer[] = [];
const started = async (s: Promise<BenchServer>) => {
  const server = await s;
  servers.push(server);
  return server;
};
const loadAtStart = loadavg();
try {
  const sandbox = await started(forkServer({ kind: "sandbox", credentials: creds }));
  const bareHttp = await started(forkServer({ kind: "bare-http" }));
  const bareExpress = await started(forkServer({ kind: "bare-express", forwardTo: sandbox.url }));
  const tokens = await started(
    forkServer({ kind: "tokens", credentials: creds, sandboxUrl: sandbox.url }),
  );
  const lines: string[] = [];
  if (only !== "proxies") {
    const ratios = await measureRouteRatios({
      bareHttp,
      bareExpress,
      tokens,
      seconds: SECONDS,
      rounds: ROUNDS,
    });
    lines.push(...routeTable(ratios), "");
  }
  if (only !== "routes") {
    const proxies = await measureProxies({
      sandbox,
      bareExpress,
      tokens,
      creds,
      seconds: SECONDS,
      rounds: ROUNDS,
    });
    lines.push(...proxyTable(proxies), "");
  }
  const fmt = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");
  lines.push(`load average at start ${fmt(loadAtStart)}, at the end ${fmt(loadavg())}`);
  console.log(`\n${lines.join("\n")}`);
} finally {
  for (const s of servers) await s.close();
}

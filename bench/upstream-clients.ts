/**
 * The upstream-client decision (issue 21, item 6; docs/decisions.md): the
 * middleware's own node:http client (`createUpstreamClient`: keep-alive agent,
 * deadline, typed transport errors) against undici's `Pool`, each sending the
 * same JSON POST to a bare node:http server in its own process. Measured in
 * this process: CPU time a call (the client's own cost, the figure a proxy
 * adds) and calls a second, 1 and 16 in flight, alternating rounds.
 *
 *   npx tsx --conditions=@widget-tokens/source bench/upstream-clients.ts   # BENCH_CALLS=4000, BENCH_ROUNDS=3
 */
import { loadavg } from "node:os";
import { Pool } from "undici";
import { createUpstreamClient } from "../server/src/upstream/http-client.js";
import { forkServer } from "./lib/fork-server.js";
import { median } from "./lib/hot-path.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const body = { amount: "50.00", transactionType: "DEPOSIT" };

const server = await forkServer({ kind: "bare-http" });
const ours = createUpstreamClient({ baseUrl: new URL(server.url), timeoutMs: 5000, name: "Bench" });
const pool = new Pool(server.url, { connections: 64, keepAliveTimeout: 60_000 });
const text = JSON.stringify(body);

type Call = () => Promise<unknown>;
const clients: Record<string, Call> = {
  "node:http agent (createUpstreamClient, the middleware's)": async () => {
    const r = await ours.request({ method: "POST", path: "/", json: body });
    if (r.status !== 201) throw new Error(`status ${r.status}`);
  },
  "undici Pool (request + body.json())": async () => {
    const r = await pool.request({
      method: "POST",
      path: "/",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: text,
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    await r.body.json();
    if (r.statusCode !== 201) throw new Error(`status ${r.statusCode}`);
  },
};

async function run(call: Call, inFlight: number) {
  let left = CALLS;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuPerCall: (used.user + used.system) / CALLS, perSecond: (CALLS / ms) * 1000 };
}

const results = new Map<string, { cpu: number[]; rate: number[] }>();
const loadAtStart = loadavg();
try {
  for (const inFlight of [1, 16])
    for (const call of Object.values(clients)) await run(call, inFlight); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(clients);
    if (round % 2) order.reverse();
    for (const inFlight of [1, 16]) {
      for (const [name, call] of order) {
        const r = await run(call, inFlight);
        const key = `${name}|${inFlight}`;
        const row = results.get(key) ?? { cpu: [], rate: [] };
        row.cpu.push(r.cpuPerCall);
        row.rate.push(r.perSecond);
        results.set(key, row);
        console.log(
          `  round ${round + 1} ${name}, ${inFlight} in flight: ${r.cpuPerCall.toFixed(0)} µs CPU a call, ${r.perSecond.toFixed(0)} calls/s`,
        );
      }
    }
  }
  console.log("\n| client | in flight | client CPU a call (median) | calls/s (median) |");
  console.log("|---|---|---|---|");
  for (const [key, row] of results) {
    const [name, inFlight] = key.split("|");
    console.log(
      `| ${name} | ${inFlight} | ${median(row.cpu).toFixed(0)} µs | ${median(row.rate).toFixed(0)} |`,
    );
  }
  const fmt = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");
  console.log(
    `\n${CALLS} calls a measurement, ${ROUNDS} rounds; load average at start ${fmt(loadAtStart)}, at the end ${fmt(loadavg())}`,
  );
} finally {
  ours.close();
  await pool.close();
  await server.close();
}

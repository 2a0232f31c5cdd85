import { createSecretKey, randomUUID } from "node:crypto";
import { hs256Signer } from "../../server/src/jwt/sign-hs256.js";
import type { BenchServer } from "./fork-server.js";
import { type LoadRequest, type LoadResult, clean, load } from "./load.js";
import type { BenchCredentials } from "./protocol.js";

const body = JSON.stringify({ amount: "50.00", transactionType: "DEPOSIT" });
/** The Fluz token route and its two baselines. */
const FLUZ: LoadRequest = { path: "/widget-tokens/fluz/pat-token", body };
const EXPRESS: LoadRequest = { path: "/bare", body };
const NODE_HTTP: LoadRequest = { path: "/", body };
/** Connections of the route-ratio measurement (issue 21, item 7). */
export const RATIO_CONNECTIONS = 32;

/** A load result and the server's CPU time per answered request, µs. */
export type Measured = LoadResult & { cpuPerRequest: number };

/** Run a load and read the server's CPU time around it. */
async function measured(
  server: BenchServer,
  request: LoadRequest,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const before = (await server.stats()).cpuMicros;
  const r = await load({ base: server.url, requests: [request], connections, seconds });
  const after = (await server.stats()).cpuMicros;
  return { ...r, cpuPerRequest: (after - before) / Math.max(1, r.requests) };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const f2 = (n: number) => n.toFixed(2);
const note = (r: LoadResult) => (clean(r) ? "" : ` ⚠ unexpected ${JSON.stringify(r.unexpected)}`);

export interface RouteRatios {
  /** Fluz ÷ Express, one a pair (each pair measured back to back, order alternating). */
  fluzOverExpress: number[];
  /** node:http ÷ Express, the same way. */
  httpOverExpress: number[];
  fluz: Measured[];
  express: Measured[];
  http: Measured[];
}

/**
 * The token route's own cost: the Fluz route against a bare Express JSON route
 * (and a bare node:http handler), 32 connections, in alternating pairs — each
 * pair measured back to back, the order swapped every round, so a load spike
 * from the rest of the machine hits both sides of a ratio alike.
 */
export async function measureRouteRatios(o: {
  bareHttp: BenchServer;
  bareExpress: BenchServer;
  tokens: BenchServer;
  seconds: number;
  rounds: number;
}): Promise<RouteRatios> {
  const run = (server: BenchServer, request: LoadRequest, seconds = o.seconds) =>
    measured(server, request, RATIO_CONNECTIONS, seconds);
  // Warm-up: JIT, keep-alive sockets, the store's first entries.
  await run(o.bareExpress, EXPRESS, 1);
  await run(o.tokens, FLUZ, 1);
  await run(o.bareHttp, NODE_HTTP, 1);
  const out: RouteRatios = {
    fluzOverExpress: [],
    httpOverExpress: [],
    fluz: [],
    express: [],
    http: [],
  };
  for (let round = 0; round < o.rounds; round++) {
    const swap = round % 2 === 1;
    const pair = async (server: BenchServer, request: LoadRequest) => {
      const first = swap ? await run(server, request) : await run(o.bareExpress, EXPRESS);
      const second = swap ? await run(o.bareExpress, EXPRESS) : await run(server, request);
      return swap ? { express: second, other: first } : { express: first, other: second };
    };
    const f = await pair(o.tokens, FLUZ);
    out.fluz.push(f.other);
    out.express.push(f.express);
    out.fluzOverExpress.push(f.other.rps / f.express.rps);
    const h = await pair(o.bareHttp, NODE_HTTP);
    out.http.push(h.other);
    out.httpOverExpress.push(h.other.rps / h.express.rps);
    console.log(
      `  round ${round + 1}: Fluz ${f.other.rps.toFixed(0)} / Express ${f.express.rps.toFixed(0)} req/s = ${f2(f.other.rps / f.express.rps)}${note(f.other)} (CPU ${f.other.cpuPerRequest.toFixed(0)} / ${f.express.cpuPerRequest.toFixed(0)} µs a request); node:http ${h.other.rps.toFixed(0)} / Express ${h.express.rps.toFixed(0)} = ${f2(h.other.rps / h.express.rps)} (CPU ${h.other.cpuPerRequest.toFixed(0)} µs)`,
    );
  }
  return out;
}

/** The route-ratio table, Markdown. */
export function routeTable(r: RouteRatios): string[] {
  const cpu = (xs: Measured[]) => median(xs.map((x) => x.cpuPerRequest));
  const expressCpu = cpu(r.express);
  const row = (label: string, ratios: number[] | undefined, results: Measured[]) => {
    const best = results.reduce((a, b) => (b.rps > a.rps ? b : a));
    const spread = ratios ? `${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))}` : "";
    const ratio = ratios ? `**${f2(median(ratios))}×**` : "1.00×";
    return `| ${label} | ${ratio} | ${spread} | ${f2(expressCpu / cpu(results))}× (${cpu(results).toFixed(0)} µs) | ${best.rps.toFixed(0)} | ${best.p50.toFixed(2)} | ${best.p99.toFixed(2)} |${note(best)}`;
  };
  return [
    `| route (${RATIO_CONNECTIONS} connections) | × Express JSON route: req/s, median of pairs | pair range | × Express: server CPU a request (median) | best req/s | p50 ms | p99 ms |`,
    "|---|---|---|---|---|---|---|",
    row("node:http JSON handler", r.httpOverExpress, r.http),
    row("Express JSON route", undefined, r.express),
    row("Fluz (HS256), memory store", r.fluzOverExpress, r.fluz),
  ];
}

export interface ProxyOverhead {
  label: string;
  /** Best p50 / p99 of the rounds, ms. */
  direct: { p50: number; p99: number };
  forwarder: { p50: number; p99: number };
  proxied: { p50: number; p99: number };
  /** proxied − forwarder p50 of each round (the proxy's own work), ms. */
  aboveForwarder: number[];
  /** Server CPU a request, µs, each round: the forwarder's process, the middleware's. */
  forwarderCpu: number[];
  proxiedCpu: number[];
}

/**
 * The proxies' added latency, one connection: the sandbox called directly,
 * through a bare forwarder (bench/server.ts), and through the middleware;
 * each round measures the three back to back.
 */
export async function measureProxies(o: {
  sandbox: BenchServer;
  bareExpress: BenchServer;
  tokens: BenchServer;
  creds: BenchCredentials;
  seconds: number;
  rounds: number;
}): Promise<ProxyOverhead[]> {
  const { creds, sandbox } = o;
  const signAssertion = hs256Signer(createSecretKey(Buffer.from(creds.jackpot.apiSignature)), {
    typ: "JWT",
  });
  const login = await fetch(`${sandbox.url}/merchant-api/v2/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", merchant_id: creds.merchantApi.merchantId },
    body: JSON.stringify({ token: creds.merchantApi.email, password: creds.merchantApi.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const customer = JSON.stringify({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
  });
  const jackpotDirect: LoadRequest = {
    path: "/jackpot/v2/token",
    freshBody: () =>
      JSON.stringify({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        client_id: creds.jackpot.apiKey,
        assertion: signAssertion({
          amount: 25,
          cp: "99",
          age: 99,
          userId: "bench-user",
          iat: Math.floor(Date.now() / 1000),
          notificationKey: randomUUID(),
        }),
      }),
  };
  const merchantDirect: LoadRequest = {
    path: "/merchant-api/v2/customer/create",
    headers: { authorization: `Bearer ${accessToken}` },
    body: customer,
  };
  const cases = [
    {
      label: "Jackpot session-token exchange",
      direct: jackpotDirect,
      proxied: { path: "/widget-tokens/jackpot/session-token", body: '{"amount":25}' },
    },
    {
      label: "merchant-API POST /v2/customer/create (session)",
      direct: merchantDirect,
      proxied: { path: "/widget-tokens/merchant-api/v2/customer/create", body: customer },
    },
  ];
  const out: ProxyOverhead[] = cases.map((c) => ({
    label: c.label,
    direct: { p50: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY },
    forwarder: { p50: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY },
    proxied: { p50: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY },
    aboveForwarder: [],
    forwarderCpu: [],
    proxiedCpu: [],
  }));
  const keep = (into: { p50: number; p99: number }, r: LoadResult) => {
    into.p50 = Math.min(into.p50, r.p50);
    into.p99 = Math.min(into.p99, r.p99);
  };
  for (let round = 0; round <= o.rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const seconds = round === 0 ? 1 : o.seconds; // round 0 warms up
      const run = (server: BenchServer, request: LoadRequest) =>
        measured(server, request, 1, seconds);
      const direct = await run(sandbox, c.direct);
      const forwarder = await run(o.bareExpress, { ...c.direct, path: `/forward${c.direct.path}` });
      const proxied = await run(o.tokens, c.proxied);
      for (const r of [direct, forwarder, proxied])
        if (!clean(r)) console.log(`  ${c.label}:${note(r)}`);
      if (round === 0) continue;
      const row = out[i] as ProxyOverhead;
      keep(row.direct, direct);
      keep(row.forwarder, forwarder);
      keep(row.proxied, proxied);
      row.aboveForwarder.push(proxied.p50 - forwarder.p50);
      row.forwarderCpu.push(forwarder.cpuPerRequest);
      row.proxiedCpu.push(proxied.cpuPerRequest);
      console.log(
        `  round ${round} ${c.label}: direct ${f2(direct.p50)}, forwarder ${f2(forwarder.p50)}, proxied ${f2(proxied.p50)} ms p50; server CPU a request: forwarder ${forwarder.cpuPerRequest.toFixed(0)} µs, middleware ${proxied.cpuPerRequest.toFixed(0)} µs`,
      );
    }
  }
  return out;
}

/** The proxy table, Markdown. */
export function proxyTable(rows: ProxyOverhead[]): string[] {
  return [
    "| proxy | p50 direct | p50 forwarder | p50 proxied | forwarder's p50 overhead | proxy's p50 overhead | **proxy above the forwarder** (median of rounds; range) | p99 direct / forwarder / proxied | server CPU a request: forwarder / middleware (median) |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const above = r.aboveForwarder;
      return `| ${r.label} | ${f2(r.direct.p50)} ms | ${f2(r.forwarder.p50)} ms | ${f2(r.proxied.p50)} ms | ${f2(r.forwarder.p50 - r.direct.p50)} ms | ${f2(r.proxied.p50 - r.direct.p50)} ms | **${f2(median(above))} ms** (${f2(Math.min(...above))}–${f2(Math.max(...above))}) | ${f2(r.direct.p99)} / ${f2(r.forwarder.p99)} / ${f2(r.proxied.p99)} ms | ${median(r.forwarderCpu).toFixed(0)} / ${median(r.proxiedCpu).toFixed(0)} µs |`;
    }),
  ];
}

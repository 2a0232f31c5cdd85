/**
 * `npm run bench`: every benchmark, and bench/results.md. Each server under
 * test runs in its own process (bench/server.ts); autocannon drives them from
 * this one. Ratios first, each against baselines measured side by side in the
 * same run (interleaved rounds), then absolute figures with the machine.
 * Targets are printed as met or not met; they are benchmarks, never tests.
 *
 *   npm run bench                     # BENCH_SECONDS=3 per measurement, BENCH_SOAK=100000
 */
import { createPrivateKey } from "node:crypto";
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { resolveSandboxProviders } from "@widget-tokens/sandbox";
import { keyId } from "../server/src/jwt/key-id.js";
import { es512Signer } from "../server/src/jwt/sign-es512.js";
import { startRedisServer } from "../server/test/helpers/redis-server.js";
import { clientSizes } from "./client-size.js";
import { type BenchServer, forkServer } from "./lib/fork-server.js";
import {
  RATIO_CONNECTIONS,
  measureProxies,
  measureRouteRatios,
  median,
  proxyTable,
  routeTable,
} from "./lib/hot-path.js";
import { type LoadRequest, type LoadResult, clean, load } from "./lib/load.js";
import type { BenchCredentials, Es512Strategy } from "./lib/protocol.js";
import {
  hs256Costs,
  joseEs512,
  signerRate,
  syncSignLimit,
  threadPoolEs512,
  workerPoolSigner,
} from "./lib/signing.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SOAK = Number(process.env.BENCH_SOAK ?? 100_000);
const ROUNDS = 2;
const CONNECTIONS = 16;
const RESULTS = fileURLToPath(new URL("./results.md", import.meta.url));

const out: string[] = [];
const ratios: string[] = [];
const targets: string[] = [];
const say = (line = "") => {
  out.push(line);
  console.log(line);
};
const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const verdict = (met: boolean) => (met ? "**met**" : "**not met**");
const statusNote = (r: LoadResult) =>
  clean(r) ? "" : ` ⚠ unexpected statuses ${JSON.stringify(r.unexpected)}`;

const machine = {
  cpu: cpus()[0]?.model ?? "unknown CPU",
  cores: availableParallelism(),
  node: process.version,
  load: loadavg(),
  memory: totalmem(),
  pool: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
  started: new Date(),
};

const { credentials } = resolveSandboxProviders();
const creds = credentials as BenchCredentials;
const body = JSON.stringify({ amount: "50.00", transactionType: "DEPOSIT" });
const ROUTES: Record<string, LoadRequest> = {
  "Fluz (HS256)": { path: "/widget-tokens/fluz/pat-token", body },
  "impact.com (HS256)": { path: "/widget-tokens/impact/user-token", body: "{}" },
  "Gr4vy (ES512)": { path: "/widget-tokens/gr4vy/embed-token", body: "{}" },
  "Jackpot (HS256 + exchange)": {
    path: "/widget-tokens/jackpot/session-token",
    body: '{"amount":25}',
  },
};

console.log("starting Redis, the sandbox and the servers under test…");
const redis = await startRedisServer();
const servers: BenchServer[] = [];
const started = async (s: Promise<BenchServer>) => {
  const server = await s;
  servers.push(server);
  return server;
};

try {
  const sandbox = await started(forkServer({ kind: "sandbox", credentials: creds }));
  const bareHttp = await started(forkServer({ kind: "bare-http" }));
  const bareExpress = await started(forkServer({ kind: "bare-express", forwardTo: sandbox.url }));
  const memory = await started(
    forkServer({ kind: "tokens", credentials: creds, sandboxUrl: sandbox.url }),
  );
  const onRedis = await started(
    forkServer({
      kind: "tokens",
      credentials: creds,
      sandboxUrl: sandbox.url,
      redisUrl: redis.url,
    }),
  );

  // 1. Token routes against the bare routes, interleaved rounds, best of each.
  interface Target {
    label: string;
    server: BenchServer;
    request: LoadRequest;
    best?: LoadResult;
  }
  const throughput: Target[] = [
    { label: "node:http JSON handler (ceiling)", server: bareHttp, request: { path: "/", body } },
    { label: "Express JSON route", server: bareExpress, request: { path: "/bare", body } },
  ];
  for (const [store, server] of [
    ["memory", memory],
    ["Redis", onRedis],
  ] as const) {
    for (const [name, request] of Object.entries(ROUTES)) {
      throughput.push({ label: `${name}, ${store} store`, server, request });
    }
  }
  console.log("\n1. throughput (warm-up, then interleaved rounds)…");
  for (const t of throughput) {
    await load({ base: t.server.url, requests: [t.request], connections: CONNECTIONS, seconds: 1 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of throughput) {
      const r = await load({
        base: t.server.url,
        requests: [t.request],
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      if (!t.best || r.rps > t.best.rps) t.best = r;
      console.log(`  round ${round + 1} ${t.label}: ${f0(r.rps)} req/s${statusNote(r)}`);
    }
  }
  const ceiling = throughput[0]?.best as LoadResult;
  const express = throughput[1]?.best as LoadResult;

  // 2. The hot path (issue 21, items 6 and 7; bench/lib/hot-path.ts, alone: bench/hot-path.ts):
  // the Fluz route against the bare routes in alternating pairs, 32 connections; the
  // proxies against calling the sandbox directly and through a bare forwarder.
  console.log("\n2. hot path: route ratios in alternating pairs, proxy overhead…");
  const routeRatios = await measureRouteRatios({
    bareHttp,
    bareExpress,
    tokens: memory,
    seconds: SECONDS,
    rounds: ROUNDS + 1,
  });
  const overhead = await measureProxies({
    sandbox,
    bareExpress,
    tokens: memory,
    creds,
    seconds: SECONDS,
    rounds: ROUNDS + 1,
  });

  // 3. ES512: the route against the single-thread signing limit; the worker-pool alternative.
  console.log("\n3. ES512…");
  const gr4vyKey = createPrivateKey(creds.gr4vy.privateKey);
  const limit = syncSignLimit(gr4vyKey);
  const kid = await keyId(gr4vyKey);
  const es512 = await load({
    base: memory.url,
    requests: [ROUTES["Gr4vy (ES512)"] as LoadRequest],
    connections: 64,
    seconds: SECONDS + 2,
  });
  const routeSigner = es512Signer(gr4vyKey, kid);
  const niced = await signerRate(routeSigner);
  await routeSigner.close();
  const webCrypto = await signerRate(joseEs512(gr4vyKey, kid));
  const libuvSign = await signerRate(threadPoolEs512(gr4vyKey, kid));
  const pool = workerPoolSigner(creds.gr4vy.privateKey, kid, machine.cores);
  const workerPool = await signerRate(pool.sign);
  await pool.close();

  // 3b. The worker-pool decision: each signing strategy in the same small server
  // (an HS256 route and an ES512 route), ES512 alone, then the cross-load.
  console.log("\n3b. signing strategies…");
  const STRATEGIES: Array<[Es512Strategy, string]> = [
    ["route", "worker threads at nice 10 (the route's, `es512Signer`)"],
    ["pool", "worker threads at normal priority"],
    ["jose-webcrypto", "jose SignJWT on Web Crypto (before this change)"],
    ["libuv", "callback `crypto.sign` on libuv's pool (before issue 10)"],
  ];
  const lab: Array<{
    label: string;
    alone: LoadResult;
    unloaded: LoadResult;
    loaded: LoadResult;
    loop: { p99: number; max: number };
  }> = [];
  for (const [strategy, label] of STRATEGIES) {
    const server = await forkServer({
      kind: "es512-lab",
      strategy,
      privateKey: creds.gr4vy.privateKey,
    });
    try {
      const es = { path: "/es512", body: "{}" };
      const hs = { path: "/hs256", body: '{"amount":5}' };
      await load({ base: server.url, requests: [es], connections: 64, seconds: 1 });
      const alone = await load({
        base: server.url,
        requests: [es],
        connections: 64,
        seconds: SECONDS,
      });
      const unloaded = await load({
        base: server.url,
        requests: [hs],
        connections: 4,
        seconds: SECONDS,
      });
      await server.resetDelay();
      const [, loaded] = await Promise.all([
        load({ base: server.url, requests: [es], connections: 64, seconds: SECONDS + 1 }),
        load({ base: server.url, requests: [hs], connections: 4, seconds: SECONDS }),
      ]);
      lab.push({ label, alone, unloaded, loaded, loop: (await server.stats()).loopDelay });
    } finally {
      await server.close();
    }
  }

  // 4. Cross-load: the HS256 route unloaded, then while the ES512 route is saturated.
  console.log("\n4. cross-load…");
  const fluz = ROUTES["Fluz (HS256)"] as LoadRequest;
  await memory.resetDelay();
  const unloaded = await load({
    base: memory.url,
    requests: [fluz],
    connections: 4,
    seconds: SECONDS,
  });
  const unloadedLoop = (await memory.stats()).loopDelay;
  await memory.resetDelay();
  const [, loaded] = await Promise.all([
    load({
      base: memory.url,
      requests: [ROUTES["Gr4vy (ES512)"] as LoadRequest],
      connections: 64,
      seconds: SECONDS + 1,
    }),
    load({ base: memory.url, requests: [fluz], connections: 4, seconds: SECONDS }),
  ]);
  const loadedLoop = (await memory.stats()).loopDelay;

  // 5. Soak: mixed requests, every status checked, RSS of the server (Redis store).
  console.log(`\n5. soak: ${SOAK} mixed requests at concurrency 64…`);
  const before = await onRedis.stats(true);
  const customer = JSON.stringify({
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
  });
  const mix: LoadRequest[] = [
    ...Object.values(ROUTES).map((r) => ({ ...r, expect: 201 })),
    { path: "/widget-tokens/merchant-api/v2/customer/create", body: customer, expect: 201 },
    { path: "/widget-tokens/loader.js", method: "GET", expect: 200 },
    {
      path: "/widget-tokens/fluz/pat-token",
      body: '{"amount":1e3,"transactionType":"DEPOSIT"}',
      expect: 400,
    },
    { path: "/widget-tokens/fluz/pat-token", body, headers: { "x-anonymous": "1" }, expect: 401 },
    { path: "/widget-tokens/nope", body: "{}", expect: 404 },
  ];
  const soak = await load({ base: onRedis.url, requests: mix, connections: 64, amount: SOAK });
  const after = await onRedis.stats();
  const afterGc = await onRedis.stats(true);

  // 6. HS256 signing cost (the signer choices of issue #10).
  const hs256 = await hs256Costs();
  const sizes = clientSizes();

  // ---------------------------------------------------------------- the report
  const ratioRow = (t: Target) => {
    const r = t.best as LoadResult;
    return `| ${t.label} | ${f2(r.rps / express.rps)}× | ${f2(r.rps / ceiling.rps)}× | ${f0(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |${statusNote(r)}`;
  };
  const es512Ratio = es512.rps / limit;
  const crossRatio = loaded.p99 / unloaded.p99;

  for (const o of overhead) {
    const above = median(o.aboveForwarder);
    targets.push(
      `- ${o.label} proxy: p50 ${above.toFixed(2)} ms above the bare forwarder, median of ${o.aboveForwarder.length} rounds (target ≤ 0.5 ms): ${verdict(above <= 0.5)}`,
    );
  }
  const fluzRatio = median(routeRatios.fluzOverExpress);
  targets.push(
    `- Fluz route ÷ bare Express JSON route, ${RATIO_CONNECTIONS} connections, median of alternating pairs: ${f2(fluzRatio)} (target ≥ 0.9): ${verdict(fluzRatio >= 0.9)}`,
  );
  targets.push(
    `- ES512 through the route: ${f2(es512Ratio)}× the single-thread signing limit (target ≥ 1.6× on 2 cores): ${verdict(es512Ratio >= 1.6)}`,
  );
  targets.push(
    `- HS256 p99 while ES512 is saturated: ${f2(crossRatio)}× unloaded (target ≤ 2×): ${verdict(crossRatio <= 2)}`,
  );
  targets.push(
    `- soak: ${soak.requests} requests, ${clean(soak) ? "zero unexpected statuses" : `unexpected statuses ${JSON.stringify(soak.unexpected)}`}: ${verdict(clean(soak) && soak.requests >= SOAK)}`,
  );

  ratios.push(
    "| route | × Express JSON route | × node:http handler (ceiling) | req/s | p50 ms | p99 ms |",
    "|---|---|---|---|---|---|",
    ...throughput.map(ratioRow),
  );

  out.length = 0;
  say("# Benchmark results");
  say();
  say(
    [
      `Written by \`npm run bench\` (bench/run.ts) on ${machine.started.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${mb(machine.memory)} RAM, Node ${machine.node},`,
      `libuv thread pool ${machine.pool}; load average at start ${machine.load.map((l) => l.toFixed(2)).join(" / ")} (1 / 5 / 15 min).`,
      "The machine is shared: other work ran meanwhile, so absolute figures move from run to run;",
      "the ratios, measured side by side in one run, are what to compare.",
    ].join(" "),
  );
  say();
  say(
    `Each server under test is its own process (bench/server.ts under tsx, running the built packages: what a merchant installs), loaded by autocannon from the bench process on the same ${machine.cores} cores; ${SECONDS} s a measurement, ${ROUNDS} interleaved rounds, best kept.`,
  );
  say();
  say("## Targets");
  say();
  for (const t of targets) say(t);
  say();
  say("## Ratios");
  say();
  say(
    `Token routes (${CONNECTIONS} connections) against a bare Express JSON route and a bare node:http JSON handler (the ceiling). Rate limits off, no Idempotency-Key; the Jackpot route includes its exchange with the sandbox (its own process), the Redis rows one Redis round trip a token (the issued \`jti\`).`,
  );
  say();
  for (const line of ratios) say(line);
  say();
  say(
    `The token route's own cost (issue 21, item 7): the Fluz route against the bare routes, ${RATIO_CONNECTIONS} connections, in alternating pairs (each pair back to back, the order swapped each round), with the server's CPU time a request (\`process.cpuUsage\`), which a busy machine moves less than req/s:`,
  );
  say();
  for (const line of routeTable(routeRatios)) say(line);
  say();
  say(
    "Proxies (issue 21, item 6): one connection; the sandbox called directly, through a bare forwarder (an Express route forwarding over a keep-alive node:http agent: the extra hop alone), and through the middleware. The proxy's own work is its p50 above the forwarder's, measured back to back in each round.",
  );
  say();
  for (const line of proxyTable(overhead)) say(line);
  say();
  say("ES512 (Gr4vy, P-521) tokens a second against the single-thread signing limit:");
  say();
  say("| what | tokens/s | × single-thread limit | event-loop utilization |");
  say("|---|---|---|---|");
  say(`| single-thread limit (synchronous \`crypto.sign\`, one thread) | ${f0(limit)} | 1.00× | |`);
  say(
    `| the route, over HTTP, 64 connections | ${f0(es512.rps)} | ${f2(es512Ratio)}× | |${statusNote(es512)}`,
  );
  say(
    `| signing alone, 64 in flight: the route's signer (${machine.cores} worker threads at nice 10) | ${f0(niced.rate)} | ${f2(niced.rate / limit)}× | ${f2(niced.elu)} |`,
  );
  say(
    `| signing alone: ${machine.cores} worker threads at normal priority | ${f0(workerPool.rate)} | ${f2(workerPool.rate / limit)}× | ${f2(workerPool.elu)} |`,
  );
  say(
    `| signing alone: jose SignJWT on Web Crypto (before this change) | ${f0(webCrypto.rate)} | ${f2(webCrypto.rate / limit)}× | ${f2(webCrypto.elu)} |`,
  );
  say(
    `| signing alone: callback \`crypto.sign\` on libuv's pool (the pre-jose signer) | ${f0(libuvSign.rate)} | ${f2(libuvSign.rate / limit)}× | ${f2(libuvSign.elu)} |`,
  );
  say();
  say(
    "Cross-load: the HS256 Fluz route (4 connections) alone, then while 64 connections saturate the ES512 route on the same server:",
  );
  say();
  say("| HS256 route | p50 | p99 | req/s | server event-loop delay p50 / p99 / max |");
  say("|---|---|---|---|---|");
  say(
    `| unloaded | ${unloaded.p50.toFixed(2)} ms | ${unloaded.p99.toFixed(2)} ms | ${f0(unloaded.rps)} | ${unloadedLoop.p50.toFixed(1)} / ${unloadedLoop.p99.toFixed(1)} / ${unloadedLoop.max.toFixed(1)} ms |`,
  );
  say(
    `| ES512 saturated | ${loaded.p50.toFixed(2)} ms | ${loaded.p99.toFixed(2)} ms | ${f0(loaded.rps)} | ${loadedLoop.p50.toFixed(1)} / ${loadedLoop.p99.toFixed(1)} / ${loadedLoop.max.toFixed(1)} ms |`,
  );
  say(`| ratio | ${f2(loaded.p50 / unloaded.p50)}× | **${f2(crossRatio)}×** | | |`);
  say();
  say(
    "The worker-pool decision (docs/decisions.md): each signing strategy in the same small server (bare Express, an HS256 route and an ES512 route), its own process: ES512 alone (64 connections), then the HS256 route (4 connections) alone and while ES512 is saturated.",
  );
  say();
  say(
    "| ES512 signed by | ES512 tokens/s | × limit | HS256 p99 alone | HS256 p99 under ES512 | ratio | event-loop delay p99 / max |",
  );
  say("|---|---|---|---|---|---|---|");
  for (const l of lab) {
    say(
      `| ${l.label} | ${f0(l.alone.rps)} | ${f2(l.alone.rps / limit)}× | ${l.unloaded.p99.toFixed(2)} ms | ${l.loaded.p99.toFixed(2)} ms | ${f2(l.loaded.p99 / l.unloaded.p99)}× | ${l.loop.p99.toFixed(1)} / ${l.loop.max.toFixed(1)} ms |${statusNote(l.alone)}${statusNote(l.loaded)}`,
    );
  }
  say();
  say("## Soak");
  say();
  say(
    `${soak.requests} requests at concurrency 64 on the Redis-store server, cycling through: the four token routes (201), the merchant-API proxy (201), \`GET /loader.js\` (200), an exponent amount (400), no user (401), an unknown route (404). ${f0(soak.rps)} req/s, p50 ${soak.p50.toFixed(2)} ms, p99 ${soak.p99.toFixed(2)} ms, max ${soak.max.toFixed(0)} ms.`,
  );
  say();
  say(`- unexpected statuses: ${clean(soak) ? "none" : JSON.stringify(soak.unexpected)}`);
  for (const sample of soak.samples) say(`  - \`${sample.replace(/`/g, "'")}\``);
  say(
    `- server RSS: before ${mb(before.rssBytes)} (after GC), after ${mb(after.rssBytes)}, after GC ${mb(afterGc.rssBytes)}`,
  );
  say();
  say("## Absolute figures");
  say();
  say("| route | req/s | p50 ms | p99 ms | max ms |");
  say("|---|---|---|---|---|");
  for (const t of throughput) {
    const r = t.best as LoadResult;
    say(
      `| ${t.label} | ${f0(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} |`,
    );
  }
  say();
  say("HS256 signing, one thread (µs a token):");
  say();
  say("| signer | µs |");
  say("|---|---|");
  for (const [name, us] of Object.entries(hs256)) say(`| ${name} | ${us.toFixed(2)} |`);
  say();
  say("## Client sizes");
  say();
  say("Every built file in client/dist (from the last `npm run build`), gzip level 9.");
  say();
  say("| file | raw | gzip | gzip budget |");
  say("|---|---|---|---|");
  for (const s of [...sizes.files, sizes.declarations, sizes.maps]) {
    const budget = s.budget ? `${s.budget} B (${((s.gzip / s.budget) * 100).toFixed(0)}%)` : "";
    say(`| ${s.file} | ${s.raw} B | ${s.gzip} B | ${budget} |`);
  }
  writeFileSync(RESULTS, `${out.join("\n")}\n`);
  console.log(`\nwrote ${RESULTS}`);
} finally {
  for (const s of servers) await s.close();
  await redis.close();
}

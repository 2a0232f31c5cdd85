/**
 * ES512 Gr4vy embed tokens per second through the real route (Express, HTTP
 * on loopback), against the single-thread signing limit (a synchronous
 * `crypto.sign` loop) measured in the same run. Bounded in count and time
 * (well under 30 s).
 *
 *   npx tsx --conditions=@widget-tokens/source bench/gr4vy-es512.ts
 *
 * The load comes from a worker thread with keep-alive connections, so the
 * server's event loop only serves. The route signs with jose through Web
 * Crypto, whose jobs run on libuv's thread pool (UV_THREADPOOL_SIZE, default
 * 4), so it can beat one thread's limit when cores are free; on a loaded or
 * 2-core machine expect a ratio near or under 1.
 *
 * Also, signing alone (no HTTP), 64 in flight: the route's signer (jose,
 * issue #10) against the hand-written async `crypto.sign` signer it replaced,
 * kept here only as the "before" baseline: tokens/s and event-loop use.
 */
import { type KeyObject, generateKeyPairSync, sign } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { widgetTokens } from "@widget-tokens/server";
import express from "express";
import { keyId } from "../server/src/jwt/key-id.js";
import { es512Signer } from "../server/src/jwt/sign-es512.js";

const SYNC_MS = 2_000;
const ROUTE_MAX_TOKENS = 5_000;
const ROUTE_MAX_MS = 8_000;
const CONCURRENCY = 64;

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-521" });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;

// 1. The single-thread limit: what one core signs, synchronously.
function syncLimit(): number {
  // A signing input the size of a real token's (header + claims with a small cart).
  const input = Buffer.from(`${"e".repeat(120)}.${"p".repeat(420)}`);
  for (let i = 0; i < 50; i++)
    sign("sha512", input, { key: privateKey, dsaEncoding: "ieee-p1363" });
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < SYNC_MS) {
    sign("sha512", input, { key: privateKey, dsaEncoding: "ieee-p1363" });
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

// 2. Signing alone: jose (the route's signer) against the hand-written one it replaced.
const SIGNER_MS = 1_500;

/** The "before": ES512 on the thread pool through callback `crypto.sign`. A baseline only. */
function threadPoolEs512(key: KeyObject, kid: string) {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const header = encode({ alg: "ES512", typ: "JWT", kid });
  return (claims: Record<string, unknown>) =>
    new Promise<string>((resolve, reject) => {
      const input = `${header}.${encode(claims)}`;
      sign("sha512", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }, (err, sig) =>
        err ? reject(err) : resolve(`${input}.${sig.toString("base64url")}`),
      );
    });
}

async function signerRate(signOne: (claims: Record<string, unknown>) => Promise<string>) {
  const claims = { scopes: ["embed"], embed: { amount: 4598, currency: "USD" }, exp: 2 };
  for (let i = 0; i < 20; i++) await signOne(claims);
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  let done = 0;
  const lane = async () => {
    while (performance.now() - start < SIGNER_MS) {
      await signOne(claims);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const ms = performance.now() - start;
  return { rate: (done * 1000) / ms, elu: performance.eventLoopUtilization(elu).utilization };
}

// 3. The route: real middleware, real HTTP.
async function startServer() {
  const tokens = widgetTokens({
    identify: (req) => ({ id: String(req.headers["x-user"] ?? "bench-user") }),
    rateLimit: { perUser: false, perIp: false },
    logger: { info() {}, warn() {}, error: (m) => console.error(m) },
    providers: {
      gr4vy: {
        gr4vyId: "bench",
        privateKey: pem,
        checkout: () => ({
          amount: 4598,
          currency: "USD",
          buyerExternalIdentifier: "bench-user",
          cartItems: [
            { name: "Trail jacket", quantity: 1, unitAmount: 3999 },
            { name: "Socks", quantity: 1, unitAmount: 599 },
          ],
        }),
      },
    },
  });
  const app = express();
  app.use("/widget-tokens", tokens);
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget-tokens/gr4vy/embed-token`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await tokens.close();
    },
  };
}

function load(url: string, maxTokens: number, maxMs: number, concurrency: number) {
  const worker = new Worker(
    `const { parentPort, workerData: w } = require("node:worker_threads");
    let done = 0, failed = 0, started = 0;
    const t0 = performance.now();
    const more = () => started < w.maxTokens && performance.now() - t0 < w.maxMs;
    async function lane() {
      while (more()) {
        started++;
        const res = await fetch(w.url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-user": "bench-user" },
          body: "{}",
        });
        await res.arrayBuffer();
        if (res.status === 201) done++; else failed++;
      }
    }
    Promise.all(Array.from({ length: w.concurrency }, lane)).then(() =>
      parentPort.postMessage({ done, failed, ms: performance.now() - t0 }));`,
    { eval: true, workerData: { url, maxTokens, maxMs, concurrency } },
  );
  return new Promise<{ done: number; failed: number; ms: number }>((resolve, reject) => {
    worker.once("message", (m) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

const limit = syncLimit();
const kid = await keyId(privateKey);
const after = await signerRate(es512Signer(privateKey, kid));
const before = await signerRate(threadPoolEs512(privateKey, kid));
const server = await startServer();
try {
  await load(server.url, 200, 2_000, 16); // warm-up
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const run = await load(server.url, ROUTE_MAX_TOKENS, ROUTE_MAX_MS, CONCURRENCY);
  const routeElu = performance.eventLoopUtilization(elu).utilization;
  delay.disable();
  const rate = (run.done * 1000) / run.ms;
  const pool = process.env.UV_THREADPOOL_SIZE ?? "4 (default)";
  console.log(
    `gr4vy ES512 benchmark (node ${process.version}, ${availableParallelism()} cores, thread pool ${pool})`,
  );
  console.log(
    `  single-thread limit (sync crypto.sign): ${limit.toFixed(0)} signatures/s (${(1000 / limit).toFixed(2)} ms each)`,
  );
  console.log(
    `  through the route (HTTP, ${CONCURRENCY} in flight): ${rate.toFixed(0)} tokens/s (${run.done} tokens in ${(run.ms / 1000).toFixed(1)} s, ${run.failed} failed)`,
  );
  console.log(`  ratio route / single-thread limit: ${(rate / limit).toFixed(2)}`);
  console.log(`  server event-loop utilization meanwhile: ${routeElu.toFixed(2)}`);
  console.log(
    `  server event-loop delay meanwhile: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
  console.log(`  signing alone, ${CONCURRENCY} in flight, no HTTP:`);
  console.log(
    `    after: jose SignJWT (Web Crypto)           ${after.rate.toFixed(0).padStart(6)} tokens/s, event-loop utilization ${after.elu.toFixed(2)}`,
  );
  console.log(
    `    before: hand-written async crypto.sign     ${before.rate.toFixed(0).padStart(6)} tokens/s, event-loop utilization ${before.elu.toFixed(2)}`,
  );
  if (run.failed > 0) process.exitCode = 1;
} finally {
  await server.close();
}

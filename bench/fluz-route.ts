/**
 * Fluz patToken route against a bare Express JSON route, in the same run.
 * The bar (issue #2): the token route keeps at least 0.8x the bare route's
 * throughput. Also shows why secrets become KeyObjects once.
 *
 *   npx tsx --conditions=@widget-tokens/source bench/fluz-route.ts
 */
import { fork } from "node:child_process";
import { createSecretKey } from "node:crypto";
import { fileURLToPath } from "node:url";
import jwt from "jsonwebtoken";
import { hs256Signer } from "../server/src/jwt/hs256.js";
import { runLoad } from "./load.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function microBench(name: string, fn: () => unknown, iterations = 5000): number {
  for (let i = 0; i < 200; i++) fn();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const us = ((performance.now() - t) * 1000) / iterations;
  console.log(`  ${name.padEnd(44)} ${us.toFixed(2).padStart(8)} µs/token`);
  return us;
}

async function main() {
  const secret = "bench-secret-0123456789abcdef-0123456789abcdef";
  const claims = {
    amount: 50,
    apiKey: "k",
    transactionType: "DEPOSIT",
    externalId: "u",
    jti: "j",
    iat: 1,
    exp: 2,
  };
  console.log("HS256 signing, one thread:");
  const stringSecret = microBench(
    "jsonwebtoken, string secret",
    () => jwt.sign(claims, secret, { algorithm: "HS256" }),
    2000,
  );
  const keyObject = createSecretKey(Buffer.from(secret));
  const keyed = microBench("jsonwebtoken, KeyObject", () =>
    jwt.sign(claims, keyObject, { algorithm: "HS256" }),
  );
  const ours = microBench(
    "widget-tokens hs256Signer (KeyObject)",
    hs256Signer(keyObject).bind(null, claims),
  );
  console.log(
    `  string secret costs ${(stringSecret / keyed).toFixed(1)}x a KeyObject; ours ${(keyed / ours).toFixed(1)}x faster than jsonwebtoken`,
  );

  // The server runs in its own process so the load generator does not share its event loop.
  const child = fork(fileURLToPath(new URL("./fluz-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx", "--conditions=@widget-tokens/source"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m) => resolve(Number(m))),
  );
  const base = `http://127.0.0.1:${port}`;
  const headers = { "content-type": "application/json", "x-user": "bench-user" };
  const body = JSON.stringify({ amount: "50.00", transactionType: "DEPOSIT" });
  try {
    // Warm up both, then alternate to spread any drift.
    await runLoad({ url: `${base}/bare`, headers, body, seconds: 1 });
    await runLoad({ url: `${base}/widget-tokens/fluz/pat-token`, headers, body, seconds: 1 });
    const bare: number[] = [];
    const route: number[] = [];
    for (let round = 0; round < 2; round++) {
      bare.push(
        (await runLoad({ url: `${base}/bare`, headers, body, seconds: SECONDS })).perSecond,
      );
      const r = await runLoad({
        url: `${base}/widget-tokens/fluz/pat-token`,
        headers,
        body,
        seconds: SECONDS,
      });
      if (r.statuses[201] !== r.requests)
        throw new Error(`token route answered ${JSON.stringify(r.statuses)}`);
      route.push(r.perSecond);
    }
    const b = Math.max(...bare);
    const t = Math.max(...route);
    console.log("\nThroughput over HTTP (16 keep-alive connections, best of 2 rounds):");
    console.log(`  bare Express JSON route       ${b.toFixed(0).padStart(8)} req/s`);
    console.log(`  POST /fluz/pat-token          ${t.toFixed(0).padStart(8)} req/s`);
    console.log(
      `  ratio ${(t / b).toFixed(2)}x of the bare route (bar: 0.80x) ${t / b >= 0.8 ? "OK" : "BELOW BAR"}`,
    );
  } finally {
    child.kill();
  }
}

await main();

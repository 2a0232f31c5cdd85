/**
 * Fluz patToken route against a bare Express JSON route, in the same run.
 * The bar (issue #2): the token route keeps at least 0.8x the bare route's
 * throughput. Also the HS256 signing cost, one thread: what the route signs
 * with (jsonwebtoken and a KeyObject, issue #10) against the hand-written
 * node:crypto signer it replaced (kept here only as the "before" baseline),
 * why secrets become KeyObjects once, and why jose is not used for HS256.
 *
 *   npx tsx --conditions=@widget-tokens/source bench/fluz-route.ts
 */
import { fork } from "node:child_process";
import { type KeyObject, createHmac, createSecretKey } from "node:crypto";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import jwt from "jsonwebtoken";
import { hs256Signer } from "../server/src/jwt/sign-hs256.js";
import { runLoad } from "./load.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function report(name: string, us: number): number {
  console.log(`  ${name.padEnd(48)} ${us.toFixed(2).padStart(8)} µs/token`);
  return us;
}

function microBench(name: string, fn: () => unknown, iterations = 5000): number {
  for (let i = 0; i < 200; i++) fn();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return report(name, ((performance.now() - t) * 1000) / iterations);
}

async function microBenchAsync(
  name: string,
  fn: () => Promise<unknown>,
  iterations = 500,
): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return report(name, ((performance.now() - t) * 1000) / iterations);
}

/**
 * The "before": the minimal hand-written HS256 signer the server used until
 * issue #10 (header encoded once, node:crypto HMAC). A baseline only.
 */
function nodeCryptoHs256(key: KeyObject): (claims: object) => string {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
  return (claims) => {
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
  };
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
  const ours = hs256Signer(keyObject);
  const before = nodeCryptoHs256(keyObject);
  if (ours(claims) !== before(claims)) throw new Error("the two HS256 signers disagree");
  const after = microBench("after: hs256Signer (jsonwebtoken, KeyObject)", () => ours(claims));
  const baseline = microBench("before: hand-written node:crypto HMAC", () => before(claims));
  const joseSecret = new Uint8Array(Buffer.from(secret));
  const joseUs = await microBenchAsync("jose SignJWT (not used for HS256)", () =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(joseSecret),
  );
  console.log(
    `  jsonwebtoken + KeyObject costs ${(after - baseline).toFixed(1)} µs a token more than the hand-written signer (${(after / baseline).toFixed(1)}x); a string secret costs ${(stringSecret / after).toFixed(0)}x a KeyObject; jose ${(joseUs / after).toFixed(0)}x`,
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
    const met = t / b >= 0.8;
    console.log(
      `  ratio ${(t / b).toFixed(3)}x of the bare route (bar: at least 0.80x): ${met ? "met" : "not met"}`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    child.kill();
  }
}

await main();

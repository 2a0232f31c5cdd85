import { type KeyObject, createHmac, createSecretKey, sign } from "node:crypto";
import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { SignJWT } from "jose";
import jwt from "jsonwebtoken";
import { hs256Signer } from "../../server/src/jwt/sign-hs256.js";

/** A signing input the size of a real Gr4vy token's (header + claims with a small cart). */
const INPUT = Buffer.from(`${"e".repeat(120)}.${"p".repeat(420)}`);

/**
 * The single-thread limit: ES512 signatures a second, synchronously, on this
 * thread (nothing else running).
 */
export function syncSignLimit(key: KeyObject, ms = 2000): number {
  for (let i = 0; i < 50; i++) sign("sha512", INPUT, { key, dsaEncoding: "ieee-p1363" });
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    sign("sha512", INPUT, { key, dsaEncoding: "ieee-p1363" });
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

type Signer = (claims: Record<string, unknown>) => Promise<string>;

/** Tokens a second with `concurrency` signatures in flight, and this thread's event-loop utilization meanwhile. */
export async function signerRate(
  signOne: Signer,
  concurrency = 64,
  ms = 2000,
): Promise<{ rate: number; elu: number }> {
  const claims = { scopes: ["embed"], embed: { amount: 4598, currency: "USD" }, exp: 2 };
  for (let i = 0; i < 20; i++) await signOne(claims);
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  let done = 0;
  const lane = async () => {
    while (performance.now() - start < ms) {
      await signOne(claims);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = performance.now() - start;
  return { rate: (done * 1000) / elapsed, elu: performance.eventLoopUtilization(elu).utilization };
}

/**
 * The alternative measured for the decision (docs/decisions.md): an ES512
 * signer over a `node:worker_threads` pool, each worker signing with
 * synchronous `crypto.sign`; jobs go to the least busy worker. With `nice`,
 * each worker lowers its own thread's priority (Linux nice values are per
 * thread), so the event loop wins the CPU whenever it has work.
 */
export function workerPoolSigner(
  pkcs8Pem: string,
  kid: string,
  size: number,
  nice = 0,
): { sign: Signer; close(): Promise<void> } {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { createPrivateKey, sign } = require("node:crypto");
    if (workerData.nice) require("node:os").setPriority(0, workerData.nice);
    const key = createPrivateKey(workerData.pem);
    const header = Buffer.from(JSON.stringify({ alg: "ES512", typ: "JWT", kid: workerData.kid })).toString("base64url");
    parentPort.on("message", ({ id, claims }) => {
      const input = header + "." + Buffer.from(JSON.stringify(claims)).toString("base64url");
      const sig = sign("sha512", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
      parentPort.postMessage({ id, jwt: input + "." + sig.toString("base64url") });
    });`;
  const pending = new Map<number, (jwt: string) => void>();
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(source, { eval: true, workerData: { pem: pkcs8Pem, kid, nice } });
    w.unref();
    w.on("message", (m: { id: number; jwt: string }) => {
      pending.get(m.id)?.(m.jwt);
      pending.delete(m.id);
      busy.set(w, (busy.get(w) ?? 1) - 1);
    });
    return w;
  });
  const busy = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let next = 0;
  return {
    sign: (claims) =>
      new Promise((resolve) => {
        const id = next++;
        let pick = workers[0] as Worker;
        for (const w of workers) if ((busy.get(w) ?? 0) < (busy.get(pick) ?? 0)) pick = w;
        busy.set(pick, (busy.get(pick) ?? 0) + 1);
        pending.set(id, resolve);
        pick.postMessage({ id, claims });
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The signer before issue 11: jose's `SignJWT` through Web Crypto (its jobs
 * on libuv's pool), the key imported once. A baseline only.
 */
export function joseEs512(key: KeyObject, kid: string): Signer {
  const ready = webcrypto.subtle.importKey(
    "pkcs8",
    key.export({ type: "pkcs8", format: "der" }),
    { name: "ECDSA", namedCurve: "P-521" },
    false,
    ["sign"],
  );
  const header = { alg: "ES512", typ: "JWT", kid };
  return async (claims) => new SignJWT(claims).setProtectedHeader(header).sign(await ready);
}

/** The signer before issue 10: ES512 through callback `crypto.sign` on libuv's pool. A baseline only. */
export function threadPoolEs512(key: KeyObject, kid: string): Signer {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const header = encode({ alg: "ES512", typ: "JWT", kid });
  return (claims) =>
    new Promise<string>((resolve, reject) => {
      const input = `${header}.${encode(claims)}`;
      sign("sha512", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }, (err, sig) =>
        err ? reject(err) : resolve(`${input}.${sig.toString("base64url")}`),
      );
    });
}

function microBench(fn: () => unknown, iterations = 5000): number {
  for (let i = 0; i < 200; i++) fn();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - t) * 1000) / iterations;
}

async function microBenchAsync(fn: () => Promise<unknown>, iterations = 500): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return ((performance.now() - t) * 1000) / iterations;
}

/**
 * HS256 signing cost, one thread, µs a token: what the routes sign with
 * (jsonwebtoken with a `KeyObject`, issue #10), a string secret (what a
 * `KeyObject` avoids), the hand-written node:crypto signer it replaced (the
 * "before"), and jose (why it is not used for HS256).
 */
export async function hs256Costs(): Promise<Record<string, number>> {
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
  const key = createSecretKey(Buffer.from(secret));
  const ours = hs256Signer(key);
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
  const before = (c: object) => {
    const input = `${header}.${Buffer.from(JSON.stringify(c)).toString("base64url")}`;
    return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
  };
  if (ours(claims) !== before(claims)) throw new Error("the two HS256 signers disagree");
  const joseKey = new Uint8Array(Buffer.from(secret));
  return {
    "jsonwebtoken + KeyObject (the routes' signer)": microBench(() => ours(claims)),
    "jsonwebtoken + string secret": microBench(
      () => jwt.sign(claims, secret, { algorithm: "HS256" }),
      2000,
    ),
    "hand-written node:crypto HMAC (before)": microBench(() => before(claims)),
    "jose SignJWT (not used for HS256)": await microBenchAsync(() =>
      new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(joseKey),
    ),
  };
}

/**
 * Heap per issued token on the default memory store, measured after a full
 * GC, in its own process (fork it with `--expose-gc --no-opt`: without the
 * optimizing compiler, whose code is no token's and lands when its thread
 * gets to it, the figure is the data alone; the result goes to
 * the parent over IPC, or to stdout when run alone). The real middleware in
 * a real Express app, real HTTP on keep-alive: `WARM_UP` tokens first (so
 * compiled code and pools stop growing), then `TOKENS` more, and the heap's
 * growth between two full GCs divided by `TOKENS`. With `WITH_KEY=1` every
 * request carries an Idempotency-Key, so each token also keeps its replay
 * record. Forked by `measureHeapPerToken` (measure-memory.ts), for
 * server/test/memory-per-token.test.ts and bench/memory-per-token.ts.
 */
import { Agent, request } from "node:http";
import { memoryStore } from "../../src/index.js";
import { startFluzApp } from "./measure-memory.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("fork with --expose-gc");
// 4 000 then 4 000 more: the Map of the store doubles its table once while
// counted (4 096 to 8 192 slots, 16 384 with a key), so each entry is counted
// with one table slot (28 B), the table's cost when full; just after a
// doubling it is two. Counts off the powers of two land anywhere in between.
const tokensToCount = Number(process.env.TOKENS ?? 4000);
const warmUp = Number(process.env.WARM_UP ?? 4000);
const withKey = process.env.WITH_KEY === "1";
const CONCURRENCY = 8;

const store = memoryStore();
const app = await startFluzApp(store);
const { port } = app;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const payload = JSON.stringify({ amount: "25.00", transactionType: "DEPOSIT" });

function mint(i: number): Promise<void> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(payload.length),
  };
  // An order id of a usual length: the key's own size does not matter (it is hashed).
  if (withKey) headers["idempotency-key"] = `order-${i}-${"x".repeat(24)}`;
  return new Promise((resolve, reject) => {
    const req = request(
      { port, host: "127.0.0.1", path: "/wt/fluz/pat-token", method: "POST", agent, headers },
      (res) => {
        if (res.statusCode !== 201) reject(new Error(`status ${res.statusCode}`));
        res.resume().on("end", resolve);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function mintMany(from: number, count: number): Promise<void> {
  let next = from;
  const end = from + count;
  const lane = async () => {
    while (next < end) await mint(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

await mintMany(-warmUp, warmUp);
gc();
gc();
const before = process.memoryUsage().heapUsed;
const entriesBefore = store.size;
await mintMany(0, tokensToCount);
gc();
gc();
const after = process.memoryUsage().heapUsed;
const result = {
  tokens: tokensToCount,
  withKey,
  bytesPerToken: Math.round((after - before) / tokensToCount),
  entriesPerToken: (store.size - entriesBefore) / tokensToCount,
};
agent.destroy();
await app.close();
if (process.send) process.send(result);
else console.log(JSON.stringify(result));

/**
 * Heap per issued token in the default memory store, measured after a full
 * GC (run: `npx tsx --conditions=@widget-tokens/source --expose-gc bench/memory-per-token.ts`):
 * N Fluz tokens without and with an Idempotency-Key, and the bytes the same
 * records take as Redis strings (key + value). Figures go to docs/scaling.md.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { memoryStore, widgetTokens } from "@widget-tokens/server";
import express from "express";

const N = Number(process.env.TOKENS ?? 4000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

async function measure(withKey: boolean) {
  const store = memoryStore();
  const tokens = widgetTokens({
    identify: () => ({ id: "shopper-1" }),
    rateLimit: { perUser: false, perIp: false },
    logger: { info() {}, warn() {}, error() {} },
    store,
    providers: { fluz: { apiKey: "fluz-key-1", apiSecret: "s".repeat(48) } },
  });
  const app = express();
  app.use("/wt", tokens);
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wt/fluz/pat-token`;
  const mint = (i: number) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(withKey ? { "idempotency-key": `order-${i}-${"x".repeat(24)}` } : {}),
      },
      body: JSON.stringify({ amount: "25.00", transactionType: "DEPOSIT" }),
    }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 200; i++) await mint(-i - 1); // warm up
  gc!();
  const before = process.memoryUsage().heapUsed;
  const entriesBefore = store.size;
  for (let i = 0; i < N; i++) await mint(i);
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  const perToken = (after - before) / N;
  const entries = (store.size - entriesBefore) / N;
  server.close();
  await tokens.close();
  await store.close();
  return { perToken: Math.round(perToken), entries };
}

const plain = await measure(false);
const keyed = await measure(true);
console.log(JSON.stringify({ tokens: N, plain, withIdempotencyKey: keyed }));

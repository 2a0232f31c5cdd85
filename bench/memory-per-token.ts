/**
 * Bytes per issued token (issue 21, item 4), for docs/scaling.md:
 * `npx tsx --conditions=@widget-tokens/source bench/memory-per-token.ts`.
 *
 * - Heap on the default memory store, after a full GC: the test's own
 *   measurement (server/test/helpers/memory-per-token.ts), forked with
 *   `--expose-gc`, without and with an Idempotency-Key.
 * - Redis: `MEMORY USAGE` of the keys 200 Fluz tokens leave in a real
 *   redis-server (the `jti:` ledger entry, the `idem:` replay record).
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { redisStore, widgetTokens } from "@widget-tokens/server";
import express from "express";
import { Redis } from "ioredis";
import { startRedisServer } from "../server/test/helpers/redis-server.js";

const HELPER = fileURLToPath(
  new URL("../server/test/helpers/memory-per-token.ts", import.meta.url),
);

async function heap(withKey: boolean): Promise<{ bytesPerToken: number }> {
  const child = fork(HELPER, [], {
    execArgv: [
      // No optimizing compiler and no bytecode flushing: compiled code that
      // lands, or old bytecode dropped, while counting is no token's memory.
      "--no-opt",
      "--no-flush-bytecode",
      "--expose-gc",
      "--import",
      "tsx",
      "--conditions=@widget-tokens/source",
    ],
    env: { ...process.env, WITH_KEY: withKey ? "1" : "0" },
  });
  const [[result]] = await Promise.all([once(child, "message"), once(child, "exit")]);
  return result as { bytesPerToken: number };
}

async function redisBytes(): Promise<{ jti: number; idem: number }> {
  const redis = await startRedisServer();
  const raw = new Redis(redis.url);
  const store = redisStore({ url: redis.url });
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
  for (let i = 0; i < 200; i++) {
    await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `order-${i}-${"x".repeat(24)}`,
      },
      body: JSON.stringify({ amount: "25.00", transactionType: "DEPOSIT" }),
    }).then((r) => r.arrayBuffer());
  }
  const average = async (pattern: string) => {
    const keys = await raw.keys(pattern);
    const sizes = await Promise.all(keys.map((k) => raw.memory("USAGE", k, "SAMPLES", 0)));
    return Math.round(sizes.reduce((a: number, b) => a + Number(b), 0) / keys.length);
  };
  const result = { jti: await average("*jti:*"), idem: await average("*idem:*") };
  server.close();
  await tokens.close();
  await store.close();
  raw.disconnect();
  await redis.close();
  return result;
}

const plain = await heap(false);
const keyed = await heap(true);
const redis = await redisBytes();
console.log(
  JSON.stringify({
    heap: { plain: plain.bytesPerToken, withIdempotencyKey: keyed.bytesPerToken },
    redisMemoryUsage: redis,
  }),
);

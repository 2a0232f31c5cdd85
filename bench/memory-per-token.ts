/**
 * Bytes per issued token (issue 21, item 4), for docs/scaling.md:
 * `npx tsx --conditions=@widget-tokens/source bench/memory-per-token.ts`.
 *
 * - Heap on the default memory store, after a full GC: the test's own
 *   measurement (`measureHeapPerToken`, server/test/helpers/measure-memory.ts),
 *   without and with an Idempotency-Key.
 * - Redis: `MEMORY USAGE` of the keys 200 Fluz tokens leave in a real
 *   redis-server (the `jti:` ledger entry, the `idem:` replay record).
 */
import { redisStore } from "@widget-tokens/server";
import { Redis } from "ioredis";
import { measureHeapPerToken, startFluzApp } from "../server/test/helpers/measure-memory.js";
import { startRedisServer } from "../server/test/helpers/redis-server.js";

async function redisBytes(): Promise<{ jti: number; idem: number }> {
  const redis = await startRedisServer();
  const raw = new Redis(redis.url);
  const app = await startFluzApp(redisStore({ url: redis.url }));
  for (let i = 0; i < 200; i++) {
    await fetch(app.url, {
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
  await app.close();
  raw.disconnect();
  await redis.close();
  return result;
}

const plain = await measureHeapPerToken(false);
const keyed = await measureHeapPerToken(true);
const redis = await redisBytes();
console.log(
  JSON.stringify({
    heap: { plain: plain.bytesPerToken, withIdempotencyKey: keyed.bytesPerToken },
    redisMemoryUsage: redis,
  }),
);

import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { type TestRedis, startRedisServer } from "./helpers/redis-server.js";

/**
 * The replay record of a Fluz token is written in its short form,
 * `r.<fingerprint>.<ref>` (status 201 implied), and the long form earlier
 * versions wrote, `d.<fingerprint>.201.r.<ref>`, is still read: a retry
 * across an upgrade replays the same token and a different body is still
 * refused. Real Redis, as records live there for a day.
 */

let redis: TestRedis;
let raw: Redis;
const apps: TestApp[] = [];
const body = { amount: "25.00", transactionType: "DEPOSIT" };

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.close();
});

async function shop(prefix: string): Promise<TestApp> {
  const store = redisStore({ url: redis.url }, { prefix });
  const a = await startTestApp({
    providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
    store,
  });
  apps.push({ ...a, close: () => a.close().then(() => store.close()) });
  return a;
}

describe("Idempotency-Key replay records", () => {
  it("are written short, and the long form of earlier versions still replays and refuses", async () => {
    const prefix = `forms-${randomUUID()}:`;
    const app = await shop(prefix);
    const key = { "Idempotency-Key": "order-77" };
    const first = await app.post("/fluz/pat-token", body, key);
    expect(first.status).toBe(201);
    const { token, jti } = (await first.json()) as { token: string; jti: string };

    const [idemKey] = await raw.keys(`${prefix}idem:*`);
    const record = (await raw.get(idemKey as string)) as string;
    const short = /^r\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(record);
    expect(short).not.toBeNull();
    const [, fingerprint, ref] = short as RegExpExecArray;
    expect(Buffer.from(ref as string, "base64url").toString("hex")).toBe(jti.replaceAll("-", ""));

    // What a version before the short form left behind, with its time to live.
    await raw.set(idemKey as string, `d.${fingerprint}.201.r.${ref}`, "KEEPTTL");
    const retry = await app.post("/fluz/pat-token", body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { token: string }).token).toBe(token);

    const other = await app.post("/fluz/pat-token", { ...body, amount: "26.00" }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );
    // Nothing minted by the retry or the refusal: one ledger entry.
    expect(await raw.keys(`${prefix}jti:*`)).toHaveLength(1);
  });
});

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../../src/index.js";
import type { Store } from "../../src/stores/store.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "../helpers/http.js";
import { type TestRedisSentinel, startRedisSentinel } from "../helpers/redis-sentinel.js";
import { SHOP_GREEN, shopBeside, shopStatus } from "../helpers/shop-beside.js";
import { describeStoreContract, redisTimePasses } from "../stores/store-contract.js";

/**
 * Redis with Sentinel: one master, one replica, one sentinel. The store uses
 * an ioredis client created with `sentinels` and `name`; when the master
 * dies, the sentinel promotes the replica and the store follows it, with no
 * restart.
 */

let sentinel: TestRedisSentinel;
let client: Redis;
beforeAll(async () => {
  sentinel = await startRedisSentinel();
  client = sentinel.client();
});
afterAll(async () => {
  client?.disconnect();
  await sentinel?.close();
});

describeStoreContract(
  "redisStore through Sentinel",
  (prefix) => redisStore({ client }, { prefix, logger: captureLogger([]) }),
  { sharedBackend: true, timePasses: (prefix, ms) => redisTimePasses(client, prefix, ms) },
);

describe("the Sentinel master crashes", () => {
  let store: Store;
  let app: TestApp;
  const log: string[] = [];
  beforeAll(async () => {
    store = redisStore(
      { client },
      { prefix: `sentinel-${randomUUID()}:`, commandTimeoutMs: 500, logger: captureLogger(log) },
    );
    const shop = shopBeside();
    app = await startTestApp(
      {
        providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
        store,
        rateLimit: { perUser: { limit: 1000, windowMs: 60_000 }, perIp: false },
      },
      { before: [shop.router] },
    );
    shop.bind(app.tokens);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const mint = (user: string, headers: Record<string, string> = {}) =>
    app.post(
      "/fluz/pat-token",
      { amount: 10, transactionType: "DEPOSIT" },
      {
        "x-test-user": user,
        ...headers,
      },
    );

  it("answers 503 STORE_UNAVAILABLE until the replica is promoted, then follows it without a restart", async () => {
    const user = `u-${randomUUID()}`;
    const key = randomUUID();
    const first = await mint(user, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const minted = await first.json();
    await store.set("kept", "before the crash", 60_000);
    const oldMaster = sentinel.master.port;
    await sentinel.waitForReplication();

    const { promoted } = await sentinel.killMaster();
    // While no master answers, requests fail closed, quickly.
    const started = Date.now();
    const down = await mint(user);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
      "STORE_UNAVAILABLE",
    );
    expect(Date.now() - started).toBeLessThan(2000);
    // Only the store-bound route fails: the shop's page, the drop-in, liveness
    // and readiness answer 200 while no master answers; the report says why.
    expect(await shopStatus(app.url)).toEqual(SHOP_GREEN);
    expect(await app.tokens.health()).toMatchObject({ ready: true, store: "down" });

    const newMaster = await promoted;
    expect(newMaster).toBe(sentinel.replica.port);
    expect(newMaster).not.toBe(oldMaster);

    // The same client asks the sentinel again and reconnects to the new master.
    await expect.poll(async () => (await mint(user)).status, { timeout: 15_000 }).toBe(201);
    expect(await client.config("GET", "port")).toEqual(["port", String(newMaster)]);
    expect(await store.get("kept")).toBe("before the crash");
    const replay = await mint(user, { "idempotency-key": key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(minted);
    expect(log.some((l) => l.includes("Redis store unavailable"))).toBe(true);
  });
});

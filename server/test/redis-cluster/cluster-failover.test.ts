import { randomUUID } from "node:crypto";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../../src/index.js";
import type { Store } from "../../src/stores/store.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "../helpers/http.js";
import { type TestRedisCluster, startRedisCluster } from "../helpers/redis-cluster.js";
import { SHOP_GREEN, shopBeside, shopStatus } from "../helpers/shop-beside.js";

/**
 * A master of the Cluster crashes (SIGKILL) while two instances serve
 * requests: requests that need its slots answer 503 STORE_UNAVAILABLE
 * quickly; once its replica is promoted, they succeed again, with no restart
 * of either instance and the same Cluster clients.
 */

const prefix = `failover-${randomUUID()}:`;
const body = { amount: 10, transactionType: "DEPOSIT" };
let cluster: TestRedisCluster;
const clients: Cluster[] = [];
const stores: Store[] = [];
/** What the stores logged: connection loss and recovery. */
const storeLog: string[] = [];
let a: TestApp;
let b: TestApp;

async function instance(): Promise<TestApp> {
  const client = cluster.client();
  clients.push(client);
  const store = redisStore(
    { client },
    { prefix, commandTimeoutMs: 500, logger: captureLogger(storeLog) },
  );
  stores.push(store);
  const shop = shopBeside();
  const app = await startTestApp(
    {
      providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
      store,
      rateLimit: { perUser: { limit: 1000, windowMs: 60_000 }, perIp: false },
    },
    { before: [shop.router] },
  );
  shop.bind(app.tokens);
  return app;
}

const mint = (app: TestApp, user: string, headers: Record<string, string> = {}) =>
  app.post("/fluz/pat-token", body, { "x-test-user": user, ...headers });

async function timed(app: TestApp, user: string) {
  const started = Date.now();
  const res = await mint(app, user);
  const json = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: json.error?.code, ms: Date.now() - started };
}

/** A user whose rate-limit counter lives on the master on `port`. */
async function userOn(port: number): Promise<string> {
  for (;;) {
    const user = `u-${randomUUID()}`;
    if ((await cluster.masterPortOf(`${prefix}rl:user:${user}`)) === port) return user;
  }
}

beforeAll(async () => {
  cluster = await startRedisCluster();
  a = await instance();
  b = await instance();
});

afterAll(async () => {
  await Promise.all([a, b].map((app) => app?.close()));
  await Promise.all(stores.map((s) => s.close()));
  for (const c of clients) c.disconnect();
  await cluster?.close();
});

describe("a Cluster master crashes mid-run", () => {
  it("answers 503 STORE_UNAVAILABLE for its slots, then recovers once its replica is promoted", async () => {
    const victim = cluster.nodes[0]!.port;
    const user = await userOn(victim);
    const key = randomUUID();
    const first = await mint(a, user, { "idempotency-key": key });
    expect(first.status).toBe(201);
    const minted = await first.json();
    expect((await mint(b, user)).status).toBe(201);

    // What the master acknowledged has reached its replica (async replication).
    await cluster.waitForReplication();
    await cluster.kill(victim);

    // Until the failover, every request of this user touches the dead master.
    const down = await Promise.all([timed(a, user), timed(b, user), timed(a, user)]);
    for (const r of down) {
      expect(r.status).toBe(503);
      expect(r.code).toBe("STORE_UNAVAILABLE");
      expect(r.ms).toBeLessThan(2000);
    }
    // Only the store-bound route fails: the shop's page, the drop-in and both
    // probes of both instances answer 200, readiness with ready: true.
    expect(await shopStatus(a.url)).toEqual(SHOP_GREEN);
    expect(await shopStatus(b.url)).toEqual(SHOP_GREEN);
    // Readiness stays green; the store reads "down". The store's own check asks every master
    // the cluster lists for slots, not one key's.
    expect(await a.tokens.health()).toMatchObject({ ready: true, store: "down" });
    const check = stores[0]!;
    expect(await check.health!(500)).toBe(false);

    const promoted = await cluster.waitForFailover(victim);
    expect(promoted).not.toBe(victim);
    // Both instances' clients list every master of the new slot map (a client
    // that has only been redirected for one slot still lists the dead one).
    for (const store of stores) {
      await expect.poll(() => store.health!(500), { timeout: 15_000 }).toBe(true);
    }
    // The Cluster client never emits "error" for one node: the store still logs the loss, once.
    expect(storeLog.filter((l) => /Redis store unavailable/.test(l)).length).toBeGreaterThan(0);
    expect(await cluster.masterPortOf(`${prefix}rl:user:${user}`)).toBe(promoted);

    // Same processes, same clients: they follow the new slot map by themselves.
    await expect.poll(async () => (await mint(a, user)).status, { timeout: 15_000 }).toBe(201);
    await expect.poll(async () => (await mint(b, user)).status, { timeout: 15_000 }).toBe(201);
    // Then every slot, on both instances: users of fresh slots, 20 at a time,
    // until a whole burst succeeds. A client refreshes the rest of its slot map
    // in the background, later on a loaded machine; it must get there without
    // a restart.
    const burst = async () =>
      (
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => mint(i % 2 ? a : b, `after-${randomUUID()}`)),
        )
      ).map((r) => r.status);
    await expect.poll(burst, { timeout: 15_000 }).toEqual(Array(20).fill(201));

    // The replay record replicated before the crash: the promoted replica replays it.
    const replay = await mint(b, user, { "idempotency-key": key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(storeLog).toContain("widget-tokens: Redis store reconnected");
    expect(await replay.json()).toEqual(minted);
  });
});

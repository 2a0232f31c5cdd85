import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WidgetTokensMiddleware, redisStore, widgetTokens } from "../../src/index.js";
import { TEST_SECRET, captureLogger, identifyByHeader } from "../helpers/http.js";
import { type TestRedis, startRedisServer } from "../helpers/redis-server.js";

/**
 * Redis goes away under a shop that mounts widget-tokens beside its own
 * pages, with the documented probes: only the token routes, which need the
 * store, answer 503 (with Retry-After); the shop's pages, the drop-in,
 * liveness and readiness stay 200; the store reads "down" in the report, and
 * "ok" again once Redis is back, with no restart.
 */

let redis: TestRedis;
let client: Redis;
let tokens: WidgetTokensMiddleware;
let server: Server;
let url: string;
let clock = 1_000_000;

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: () => 50,
  });
  client.on("error", () => {});
  await once(client, "ready");
  const log: string[] = [];
  tokens = widgetTokens({
    identify: identifyByHeader,
    logger: captureLogger(log),
    now: () => clock,
    store: redisStore({ client }, { commandTimeoutMs: 500, logger: captureLogger(log) }),
    providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
  });
  const app = express();
  app.get("/livez", tokens.liveness);
  app.get("/readyz", tokens.readiness);
  app.get("/shop", (_req, res) => {
    res.send("<h1>Shop</h1>");
  });
  app.use("/widget-tokens", tokens);
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await tokens?.shutdown();
  client?.disconnect();
  await redis?.close();
});

const mint = () =>
  fetch(`${url}/widget-tokens/fluz/pat-token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-test-user": "shopper-1" },
    body: JSON.stringify({ amount: "5.00", transactionType: "DEPOSIT" }),
  });

describe("a Redis outage", () => {
  it("fails only the token routes; the shop, the drop-in, liveness and readiness stay green", async () => {
    expect((await mint()).status).toBe(201);
    expect(await tokens.health()).toMatchObject({ ready: true, store: "ok" });

    await redis.stop("SIGKILL");

    const refused = await mint();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "STORE_UNAVAILABLE",
    );
    expect((await fetch(`${url}/shop`)).status).toBe(200);
    const loader = await fetch(`${url}/widget-tokens/loader.js`);
    expect(loader.status).toBe(200);
    await loader.arrayBuffer();
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, draining: false, store: "down" });

    // Back: the next store check (5 s later on the middleware's clock) reads "ok".
    // (events.once would reject on the reconnection attempts' errors.)
    const reconnected = new Promise((r) => client.once("ready", r));
    await redis.start();
    await reconnected;
    expect((await mint()).status).toBe(201);
    clock += 5000;
    expect(await tokens.health()).toMatchObject({ ready: true, store: "ok" });
  });
});

import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../src/index.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "../helpers/http.js";

/**
 * The memory store's cap: at `maxEntries`, expired entries go first; a new
 * entry is then refused (503 with Retry-After, one log line), and nothing
 * live is evicted: an idempotency record still replays inside its window.
 */

const body = { amount: "5.00", transactionType: "DEPOSIT" };
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe("memoryStore({ maxEntries })", () => {
  it("refuses new tokens at the cap with 503, keeps every idempotency record, and reports its size", async () => {
    let clock = Date.UTC(2026, 0, 1);
    const storeLog: string[] = [];
    const store = memoryStore({ maxEntries: 6, logger: captureLogger(storeLog), now: () => clock });
    const registry = new Registry();
    const app = await startTestApp({
      providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
      store,
      now: () => clock,
      metrics: { registry },
    });
    apps.push(app);

    // Each token with a key keeps two entries: its issued jti and its idempotency record.
    const first = await app.post("/fluz/pat-token", body, { "Idempotency-Key": "k1" });
    expect(first.status).toBe(201);
    const { token } = (await first.json()) as { token: string };
    for (const key of ["k2", "k3"]) {
      expect((await app.post("/fluz/pat-token", body, { "Idempotency-Key": key })).status).toBe(
        201,
      );
    }
    expect(store.size).toBe(6);

    const refused = await app.post("/fluz/pat-token", body, { "Idempotency-Key": "k4" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "STORE_UNAVAILABLE",
    );
    expect((await app.post("/fluz/pat-token", body)).status).toBe(503);
    expect(storeLog.filter((l) => l.includes("memory store full"))).toHaveLength(1);

    // Never forgotten inside its window: the first request's retry replays its token.
    const replay = await app.post("/fluz/pat-token", body, { "Idempotency-Key": "k1" });
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as { token: string }).token).toBe(token);

    const metrics = await registry.getMetricsAsJSON();
    const value = (name: string) => metrics.find((m) => m.name === name)?.values[0]?.value;
    expect(value("widget_tokens_memory_store_entries")).toBe(6);
    expect(value("widget_tokens_memory_store_max_entries")).toBe(6);

    // Once everything has expired, the cap sweeps it and takes new tokens again.
    clock += 30 * 86_400_000;
    expect((await app.post("/fluz/pat-token", body)).status).toBe(201);
  });

  it("refuses a malformed maxEntries, naming it", () => {
    expect(() => memoryStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});

import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FluzIssued, type Store, memoryStore, widgetTokens } from "../src/index.js";
import { TEST_SECRET, startTestApp } from "./helpers/http.js";
import { refusingPort } from "./helpers/refusing-port.js";

const fluz = { apiKey: "fluz-key-1", apiSecret: TEST_SECRET };
const jackpotCreds = { apiKey: "jackpot-key", apiSignature: TEST_SECRET };
const quiet = { info() {}, warn() {}, error() {} };

/** A store whose reads never answer: a backend that hangs. */
function hangingStore(): Store {
  const store = memoryStore();
  return { ...store, get: () => new Promise<string | null>(() => {}) };
}

/** A promise and the function that resolves it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("health()", () => {
  let upstream: Server;
  let upstreamUrl: string;
  let upstreamHits = 0;
  let refused: string;

  beforeAll(async () => {
    // Counts every request a provider API receives.
    upstream = createServer((_req, res) => {
      upstreamHits++;
      res.writeHead(404).end();
    });
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    refused = `http://127.0.0.1:${await refusingPort()}`;
  });
  afterAll(() => {
    upstream.closeAllConnections();
    return new Promise<void>((r) => upstream.close(() => r()));
  });

  it("is ready, local signers ok, provider APIs unknown until a request calls them, and no probe sends a provider anything", async () => {
    const tokens = widgetTokens({
      identify: () => null,
      logger: quiet,
      providers: {
        fluz,
        jackpot: { ...jackpotCreds, baseUrl: `${upstreamUrl}/jackpot` },
        merchantApi: {
          client: { baseUrl: upstreamUrl, apiKey: "k".repeat(32) },
          expose: [{ method: "POST", path: "/v2/customer/create" }],
        },
      },
    });
    try {
      const hitsBefore = upstreamHits;
      for (let i = 0; i < 10; i++) {
        expect(await tokens.health()).toEqual({
          ready: true,
          draining: false,
          store: "ok",
          providers: { fluz: "ok", jackpot: "unknown", merchantApi: "unknown" },
        });
      }
      expect(upstreamHits).toBe(hitsBefore);
    } finally {
      await tokens.close();
    }
  });

  it("reports a store that never answers as down within the timeout, and stays ready", async () => {
    const store = hangingStore();
    const tokens = widgetTokens({
      identify: () => null,
      logger: quiet,
      healthTimeoutMs: 100,
      store,
      providers: { fluz },
    });
    try {
      const started = performance.now();
      const report = await tokens.health();
      expect(report).toEqual({
        ready: true,
        draining: false,
        store: "down",
        providers: { fluz: "ok" },
      });
      // Bounded: it answered on its own timer, not the hanging read (generous for a loaded machine).
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await tokens.close();
      await store.close();
    }
  });

  it("checks the store at most once per 5 s, however often it is probed", async () => {
    let clock = 1_000_000;
    let reads = 0;
    const inner = memoryStore();
    const store: Store = {
      ...inner,
      get: (key) => {
        reads++;
        return inner.get(key);
      },
    };
    const tokens = widgetTokens({
      identify: () => null,
      logger: quiet,
      store,
      now: () => clock,
      providers: { fluz },
    });
    try {
      for (let i = 0; i < 20; i++) {
        await tokens.health();
        clock += 200; // a probe every 200 ms for 4 s
      }
      expect(reads).toBe(1);
      clock += 1000;
      await tokens.health();
      expect(reads).toBe(2);
    } finally {
      await tokens.close();
      await store.close();
    }
  });

  it("one provider down: only its route fails (with Retry-After), the others mint, and readiness stays 200 reporting it", async () => {
    const app = await startTestApp({
      providers: {
        fluz,
        jackpot: { ...jackpotCreds, baseUrl: `${refused}/jackpot`, timeoutMs: 1000 },
      },
    });
    const probes = express();
    probes.get("/readyz", app.tokens.readiness);
    probes.get("/livez", app.tokens.liveness);
    const server = probes.listen(0, "127.0.0.1");
    await once(server, "listening");
    const probeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const down = await app.post("/jackpot/session-token", { amount: 25 });
      expect(down.status).toBe(502);
      expect(down.headers.get("retry-after")).toBe("5");
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
        "UPSTREAM_UNAVAILABLE",
      );
      const minted = await app.post("/fluz/pat-token", {
        amount: "5.00",
        transactionType: "DEPOSIT",
      });
      expect(minted.status).toBe(201);

      const ready = await fetch(`${probeUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(await ready.json()).toMatchObject({
        ready: true,
        providers: { fluz: "ok", jackpot: "down" },
      });
      const live = await fetch(`${probeUrl}/livez`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });
    } finally {
      server.close();
      await app.close();
    }
  });

  it("readiness answers 503 once draining", async () => {
    const tokens = widgetTokens({ identify: () => null, logger: quiet, providers: { fluz } });
    const probes = express();
    probes.get("/readyz", tokens.readiness);
    const server = probes.listen(0, "127.0.0.1");
    await once(server, "listening");
    const probeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${probeUrl}/readyz`)).status).toBe(200);
      await tokens.close();
      const draining = await fetch(`${probeUrl}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ ready: false, draining: true });
    } finally {
      server.close();
    }
  });

  it("rejects a malformed healthTimeoutMs at start-up", () => {
    expect(() =>
      widgetTokens({ identify: () => null, healthTimeoutMs: -1, providers: { fluz } }),
    ).toThrow(/healthTimeoutMs/);
  });
});

describe("close() drains", () => {
  it("lets an in-flight request finish, refuses new ones with 503 SHUTTING_DOWN, then releases", async () => {
    const entered = deferred();
    const release = deferred();
    const app = await startTestApp({
      providers: {
        fluz: {
          ...fluz,
          onIssued: async (_i: FluzIssued) => {
            entered.resolve();
            await release.promise;
          },
        },
      },
    });
    try {
      const inFlight = app.post("/fluz/pat-token", { amount: "5.00", transactionType: "DEPOSIT" });
      await entered.promise;

      let closed = false;
      const closing = app.tokens.close().then(() => {
        closed = true;
      });
      expect((await app.tokens.health()).draining).toBe(true);

      const refused = await app.post("/fluz/pat-token", {
        amount: "5.00",
        transactionType: "DEPOSIT",
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("connection")).toBe("close");
      expect(await refused.json()).toEqual({
        error: { code: "SHUTTING_DOWN", message: "This instance is shutting down" },
      });
      expect(closed).toBe(false);

      release.resolve();
      const answered = await inFlight;
      expect(answered.status).toBe(201);
      expect(await answered.json()).toMatchObject({ token: expect.any(String) });
      await closing;
      expect(closed).toBe(true);
      // Closing again is the same close.
      await app.tokens.close();
    } finally {
      release.resolve();
      await app.close();
    }
  });

  it("stops waiting at the deadline and says how many were still in flight", async () => {
    const entered = deferred();
    const release = deferred();
    const app = await startTestApp({
      providers: {
        fluz: {
          ...fluz,
          onIssued: async () => {
            entered.resolve();
            await release.promise;
          },
        },
      },
    });
    try {
      const inFlight = app.post("/fluz/pat-token", { amount: "5.00", transactionType: "DEPOSIT" });
      await entered.promise;
      await app.tokens.close({ timeoutMs: 50 });
      expect(app.log).toContain(
        "widget-tokens: closing with 1 request(s) still in flight after 50 ms",
      );
      release.resolve();
      // The straggler still gets an answer of some kind, not a reset.
      expect((await inFlight).status).toBeGreaterThanOrEqual(200);
    } finally {
      release.resolve();
      await app.close();
    }
  });

  it("closes at once with nothing in flight, and still serves the drop-in loader", async () => {
    const app = await startTestApp({ providers: { fluz } });
    try {
      await app.tokens.close();
      const loader = await fetch(`${app.base}/loader.js`);
      expect(loader.status).toBe(200);
      await loader.arrayBuffer();
    } finally {
      await app.close();
    }
  });
});

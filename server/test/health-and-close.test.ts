import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FluzIssued,
  type Store,
  createMerchantApiClient,
  memoryStore,
  widgetTokens,
} from "../src/index.js";
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
  let refused: string;

  beforeAll(async () => {
    // Any HTTP answer counts as reachable: this one is a 404 for everything.
    upstream = createServer((_req, res) => res.writeHead(404).end());
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    refused = `http://127.0.0.1:${await refusingPort()}`;
  });
  afterAll(() => {
    upstream.closeAllConnections();
    return new Promise<void>((r) => upstream.close(() => r()));
  });

  it("is ok when the store and every upstream answer; local signers are always ok", async () => {
    const client = createMerchantApiClient({ baseUrl: upstreamUrl, apiKey: "k".repeat(32) });
    const tokens = widgetTokens({
      identify: () => null,
      logger: quiet,
      providers: {
        fluz,
        jackpot: { ...jackpotCreds, baseUrl: `${upstreamUrl}/jackpot` },
        merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
      },
    });
    try {
      expect(await tokens.health()).toEqual({
        store: "ok",
        providers: { fluz: "ok", jackpot: "ok", merchantApi: "ok" },
        draining: false,
      });
    } finally {
      await tokens.close();
      await client.close();
    }
  });

  it("reports a store that never answers as down, within the timeout", async () => {
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
      expect(report).toEqual({ store: "down", providers: { fluz: "ok" }, draining: false });
      // Bounded: it answered on its own timer, not the hanging read (generous for a loaded machine).
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await tokens.close();
      await store.close();
    }
  });

  it("reports Jackpot and the merchant API as down when their base URL refuses connections", async () => {
    const client = createMerchantApiClient({ baseUrl: refused, apiKey: "k".repeat(32) });
    const tokens = widgetTokens({
      identify: () => null,
      logger: quiet,
      healthTimeoutMs: 1000,
      providers: {
        fluz,
        jackpot: { ...jackpotCreds, baseUrl: `${refused}/jackpot` },
        merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
      },
    });
    try {
      expect(await tokens.health()).toEqual({
        store: "ok",
        providers: { fluz: "ok", jackpot: "down", merchantApi: "down" },
        draining: false,
      });
    } finally {
      await tokens.close();
      await client.close();
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

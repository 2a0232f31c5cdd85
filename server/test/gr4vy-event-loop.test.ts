import { sign } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

const keys = p521KeyPair();
const TICK_MS = 5;
const MAX_GAP_MS = 50;
const TOKENS = 200;
const PER_MS = 4;

interface Load {
  statuses: number[];
  /** Most requests in flight at once. */
  maxInFlight: number;
}

/**
 * A load generator on a worker thread, so the loop measured is the server's
 * alone. It keeps its connections open between runs (the warm-up opens them),
 * and starts `perMs` requests each millisecond: all of them end up in flight
 * together, without 200 request parsings piled into one loop turn.
 */
function startLoadWorker() {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
    parentPort.on("message", ({ url, count, perMs }) => {
      let inFlight = 0, maxInFlight = 0, started = 0;
      const one = async () => {
        inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-test-user": "user-1" },
          body: "{}",
        });
        await res.arrayBuffer();
        inFlight--;
        return res.status;
      };
      const all = [];
      const timer = setInterval(() => {
        for (let i = 0; i < perMs && started < count; i++, started++) all.push(one());
        if (started === count) {
          clearInterval(timer);
          Promise.all(all).then(
            (statuses) => parentPort.postMessage({ statuses, maxInFlight }),
            (e) => parentPort.postMessage({ error: String(e) }),
          );
        }
      }, 1);
    });`,
    { eval: true },
  );
  return {
    run(url: string, count: number, perMs: number): Promise<Load> {
      worker.postMessage({ url, count, perMs });
      return new Promise((resolve, reject) => {
        worker.once("message", (m: Load & { error?: string }) =>
          m.error ? reject(new Error(m.error)) : resolve(m),
        );
      });
    },
    stop: () => worker.terminate(),
  };
}

/** Largest gap between the ticks of an interval timer while `work` runs. */
async function largestGap<T>(
  work: () => Promise<T>,
): Promise<{ gap: number; ticks: number; result: T }> {
  let last = performance.now();
  let gap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    ticks++;
  }, TICK_MS);
  try {
    const result = await work();
    gap = Math.max(gap, performance.now() - last);
    return { gap, ticks, result };
  } finally {
    clearInterval(timer);
  }
}

describe("ES512 signing stays off the event loop", () => {
  let app: TestApp;
  let control: Server;
  let controlUrl: string;
  let controlGap = 0;
  const load = startLoadWorker();

  beforeAll(async () => {
    app = await startTestApp({
      // startTestApp turns rate limits off.
      providers: {
        gr4vy: {
          gr4vyId: "northwind",
          privateKey: keys.privatePem,
          checkout: () => ({ amount: 1299, currency: "USD" }),
        },
      },
    });
    // The control: the same signature, made synchronously on the loop.
    const data = Buffer.from("x".repeat(300));
    const sync = express();
    sync.post("/sign", (_req, res) => {
      res.json({
        sig: sign("sha512", data, { key: keys.privateKey, dsaEncoding: "ieee-p1363" }).toString(
          "base64url",
        ),
      });
    });
    control = sync.listen(0, "127.0.0.1");
    await once(control, "listening");
    controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}/sign`;
    // Warm up both (JIT, module loading in the worker).
    await load.run(`${app.base}/gr4vy/embed-token`, TOKENS, TOKENS);
    await load.run(controlUrl, TOKENS, TOKENS);
  });
  afterAll(async () => {
    await load.stop();
    control.closeAllConnections();
    control.close();
    await app.close();
  });

  it("the measure can fail: the same load signing synchronously stalls the timer", async () => {
    const { gap, result } = await largestGap(() => load.run(controlUrl, TOKENS, PER_MS));
    expect(result.statuses.every((s) => s === 200)).toBe(true);
    controlGap = gap;
    expect(gap).toBeGreaterThan(MAX_GAP_MS);
  });

  it(`an interval timer keeps firing on time while ${TOKENS} tokens are minted concurrently`, async () => {
    // Blocking is deterministic (the control stalls every time); a shared
    // 2-core machine adds random scheduling noise. So: the best of 3 runs.
    const runs: { gap: number; ticks: number; elapsed: number; maxInFlight: number }[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      const { gap, ticks, result } = await largestGap(() =>
        load.run(`${app.base}/gr4vy/embed-token`, TOKENS, PER_MS),
      );
      const elapsed = performance.now() - started;
      expect(result.statuses.filter((s) => s === 201)).toHaveLength(TOKENS);
      runs.push({ gap, ticks, elapsed, maxInFlight: result.maxInFlight });
      if (gap < MAX_GAP_MS) break;
    }
    const best = runs.reduce((a, b) => (b.gap < a.gap ? b : a));
    console.log(
      `gr4vy: control gap ${controlGap.toFixed(1)} ms; ${TOKENS} tokens: ${runs
        .map(
          (r) =>
            `${r.elapsed.toFixed(0)} ms, ${r.maxInFlight} in flight, gap ${r.gap.toFixed(1)} ms`,
        )
        .join(" | ")}`,
    );
    expect(best.gap).toBeLessThan(MAX_GAP_MS);
    // Really concurrent: far more requests in flight than the 4 pool threads,
    // so signatures queued on the pool while the loop kept serving.
    expect(best.maxInFlight).toBeGreaterThanOrEqual(20);
    // And the timer ran throughout (at least a third of its ideal count).
    expect(best.ticks).toBeGreaterThan(Math.floor(best.elapsed / TICK_MS / 3));
  });
});

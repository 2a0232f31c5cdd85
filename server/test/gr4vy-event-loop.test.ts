import { sign } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

/**
 * ES512 signing stays off the event loop, judged by the order of events,
 * never by a stopwatch: N Gr4vy requests are held at a barrier until all N
 * are in flight, then released together; an HS256 (Fluz) request sent at
 * that moment must be answered before the last of them. A control server
 * that signs on the loop answers all N first, every time: the measure can
 * fail. How much the HS256 route slows down meanwhile is a figure of
 * `npm run bench` (cross-load), not an assertion.
 */

const keys = p521KeyPair();
const N = 64;
const FLUZ_BODY = { amount: "10.00", transactionType: "DEPOSIT" };

/** Resolves for everyone once `n` have arrived. */
function barrier(n: number) {
  let arrived = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  return {
    released,
    arrive(): Promise<void> {
      arrived++;
      if (arrived === n) release();
      return released;
    },
  };
}

/** Records the order in which the server finished its answers: "es512" or "hs256". */
function finishOrder() {
  const order: string[] = [];
  const middleware: express.RequestHandler = (req, res, next) => {
    const kind = /gr4vy|sign/.test(req.url) ? "es512" : "hs256";
    res.on("finish", () => order.push(kind));
    next();
  };
  return { order, middleware };
}

/** N ES512 requests held until all are in flight, then one HS256 request; the server's finish order. */
async function race(
  gate: { current: ReturnType<typeof barrier> | undefined },
  record: ReturnType<typeof finishOrder>,
  es512: () => Promise<Response>,
  hs256: () => Promise<Response>,
): Promise<{ statuses: number[]; order: string[] }> {
  const g = barrier(N);
  gate.current = g;
  record.order.length = 0;
  const heavy = Array.from({ length: N }, () => es512());
  const light = g.released.then(() => hs256());
  const answers = await Promise.all([...heavy, light]);
  const statuses = await Promise.all(
    answers.map(async (r) => {
      await r.arrayBuffer();
      return r.status;
    }),
  );
  gate.current = undefined;
  return { statuses, order: [...record.order] };
}

/** How many ES512 answers the server finished after the HS256 one. */
const es512After = (order: string[]) => order.slice(order.indexOf("hs256") + 1).length;

describe("ES512 signing stays off the event loop (event order, not time)", () => {
  const gate: { current: ReturnType<typeof barrier> | undefined } = { current: undefined };
  const recorded = finishOrder();
  let app: TestApp;

  const controlGate: { current: ReturnType<typeof barrier> | undefined } = { current: undefined };
  const controlRecorded = finishOrder();
  let control: Server;
  let controlUrl: string;

  beforeAll(async () => {
    app = await startTestApp(
      {
        // startTestApp turns rate limits off.
        providers: {
          fluz: { apiKey: "fluz-key", apiSecret: TEST_SECRET },
          gr4vy: {
            gr4vyId: "northwind",
            privateKey: keys.privatePem,
            checkout: async () => {
              await gate.current?.arrive();
              return { amount: 1299, currency: "USD" };
            },
          },
        },
      },
      { before: [recorded.middleware] },
    );
    // The control: the same signature, made synchronously on the loop.
    const data = Buffer.from("x".repeat(300));
    const sync = express();
    sync.use(controlRecorded.middleware);
    sync.post("/sign", async (_req, res) => {
      await controlGate.current?.arrive();
      const sig = sign("sha512", data, { key: keys.privateKey, dsaEncoding: "ieee-p1363" });
      res.json({ sig: sig.toString("base64url") });
    });
    sync.post("/quick", (_req, res) => {
      res.json({ ok: true });
    });
    control = sync.listen(0, "127.0.0.1");
    await once(control, "listening");
    controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
    // Warm up: the key import, the first signatures.
    for (let i = 0; i < 4; i++) {
      await (await app.post("/gr4vy/embed-token", {})).arrayBuffer();
      await (await app.post("/fluz/pat-token", FLUZ_BODY)).arrayBuffer();
    }
  });
  afterAll(async () => {
    control.closeAllConnections();
    control.close();
    await app.close();
  });

  it("the measure can fail: a server signing on the loop finishes all N before the HS256 request", async () => {
    const post = (path: string) => () =>
      fetch(`${controlUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    const { statuses, order } = await race(
      controlGate,
      controlRecorded,
      post("/sign"),
      post("/quick"),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(order).toHaveLength(N + 1);
    expect(es512After(order)).toBe(0);
  });

  it(`with ${N} ES512 tokens in flight, an HS256 token is answered before the last of them`, async () => {
    const { statuses, order } = await race(
      gate,
      recorded,
      () => app.post("/gr4vy/embed-token", {}),
      () => app.post("/fluz/pat-token", FLUZ_BODY),
    );
    expect(statuses).toEqual(Array(N + 1).fill(201));
    expect(order).toHaveLength(N + 1);
    expect(es512After(order)).toBeGreaterThan(0);
  });
});

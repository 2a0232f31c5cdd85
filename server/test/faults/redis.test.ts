import { randomUUID } from "node:crypto";
import {
  type JackpotSandboxControl,
  type Sandbox,
  jackpotSandboxControl,
  startSandbox,
} from "@widget-tokens/sandbox";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type FluzIssued,
  type FluzOptions,
  type Store,
  type WidgetTokensOptions,
  redisStore,
} from "../../src/index.js";
import { TEST_SECRET, type TestApp, captureLogger, startTestApp } from "../helpers/http.js";
import { type TestRedis, startRedisServer } from "../helpers/redis-server.js";
import { type StoreTap, tapStore } from "../helpers/store-tap.js";
import { verifyHs256 } from "../helpers/verify-hs256.js";
import { expectError, expectOneDeadline, storeDeadlines } from "./deadline.js";

/**
 * Redis frozen (SIGSTOP), killed (SIGKILL) and restarted, before a request
 * and at exact steps inside one (a store tap or `onIssued` does it: an
 * event, never a timer). The documented deadline: every answer arrives within
 * the store's `commandTimeoutMs` plus the route's own work, judged by events
 * (deadline.ts, storeDeadlines: the answer waited for at most one store
 * deadline at a time), never by a stopwatch; and the process recovers with no
 * restart. Redis keeps an fsync'd append-only file, so what
 * it acknowledged survives a crash.
 */

/** The store's `commandTimeoutMs`: the documented deadline of a 503. */
const T = 1000;
const body = { amount: "10.00", transactionType: "DEPOSIT" };
const UNFREED = /could not free an Idempotency-Key/;
const UNRECORDED = /answered 201 without its replay record/;

let redis: TestRedis;
let raw: Redis;
let running = true;
const opened: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  redis = await startRedisServer({ persistent: true });
  // The inspector: waits for reconnections (offline queue) so it reads after a restart.
  raw = new Redis(redis.url, { maxRetriesPerRequest: null });
  raw.on("error", () => {});
});

afterEach(async () => {
  redis.resume();
  if (!running) await restart();
  for (const o of opened.splice(0)) await o.close();
});

afterAll(async () => {
  raw?.disconnect();
  await redis?.close();
});

async function kill(): Promise<void> {
  running = false;
  await redis.stop("SIGKILL");
}

async function restart(): Promise<void> {
  await redis.start();
  running = true;
}

interface FluzApp {
  app: TestApp;
  prefix: string;
  issued: FluzIssued[];
  mint(headers?: Record<string, string>): Promise<globalThis.Response>;
  /** An answer, and how many store deadlines it waited for one after another (deadline.ts). */
  timed: ReturnType<typeof storeDeadlines>["timed"];
}

/** The Fluz route on a Redis store of its own prefix, optionally tapped. */
async function fluzApp(
  o: {
    tap?: StoreTap;
    onIssued?: FluzOptions["onIssued"];
    core?: Partial<WidgetTokensOptions>;
  } = {},
): Promise<FluzApp> {
  const prefix = `faults-${randomUUID()}:`;
  const store: Store = redisStore(
    { url: redis.url },
    { prefix, commandTimeoutMs: T, logger: captureLogger([]) },
  );
  const deadlines = storeDeadlines(store);
  const issued: FluzIssued[] = [];
  const app = await startTestApp({
    providers: {
      fluz: {
        apiKey: "fluz-key",
        apiSecret: TEST_SECRET,
        onIssued: async (i) => {
          issued.push(i);
          await o.onIssued?.(i);
        },
      },
    },
    store: o.tap ? tapStore(deadlines.store, o.tap) : deadlines.store,
    ...o.core,
  });
  opened.push({
    async close() {
      await app.close();
      await store.close();
    },
  });
  return {
    app,
    prefix,
    issued,
    mint: (headers = {}) => app.post("/fluz/pat-token", body, headers),
    timed: deadlines.timed,
  };
}

/** A stored idempotency record's state: `p.…` in progress, `r.…` or `d.…` done. */
function stateOf(text: string | null): { state: string } | null {
  if (text === null) return null;
  return {
    state: text.startsWith("p.")
      ? "pending"
      : text.startsWith("r.") || text.startsWith("d.")
        ? "done"
        : text,
  };
}

/** The one in-progress or replay record under a prefix, read in Redis. */
async function idempotencyRecord(prefix: string) {
  const keys = await raw.keys(`${prefix}idem:*`);
  expect(keys).toHaveLength(1);
  const key = keys[0] as string;
  return {
    record: stateOf(await raw.get(key)),
    pttl: await raw.pttl(key),
  };
}

describe("Redis frozen (SIGSTOP)", () => {
  it("before a request: 503 STORE_UNAVAILABLE within commandTimeoutMs, never waiting to free the key", async () => {
    const f = await fluzApp();
    redis.pause();
    const answers = await Promise.all(
      ([{ "idempotency-key": "frozen-1" }, {}, {}] as Record<string, string>[]).map((h) =>
        f.timed(() => f.mint(h)),
      ),
    );
    for (const a of answers) {
      expectError(a, 503, "STORE_UNAVAILABLE");
      expectOneDeadline(a);
    }
    // Freeing the key is fired, not awaited: when the answer came, it was still pending.
    expect(f.app.log.join("\n")).not.toMatch(UNFREED);
    await expect.poll(() => f.app.log.join("\n"), { timeout: 10_000 }).toMatch(UNFREED);
    expect(f.issued).toHaveLength(0);

    redis.resume();
    // Thawed, Redis runs the late marker write and then the late (compare-and-)delete, in
    // order: the key is free, and the same process serves again.
    const again = await f.timed(() => f.mint({ "idempotency-key": "frozen-1" }));
    expect(again.status).toBe(201);
    expect(f.issued).toHaveLength(1);
  });

  it("after the marker was written, before the token id: 503 within commandTimeoutMs, nothing issued", async () => {
    let frozen = false;
    const f = await fluzApp({
      tap: (op, key) => {
        if (op === "set" && key.startsWith("jti:") && !frozen) {
          frozen = true;
          redis.pause();
        }
      },
    });
    const answer = await f.timed(() => f.mint({ "idempotency-key": "mid-1" }));
    expect(frozen).toBe(true);
    expectError(answer, 503, "STORE_UNAVAILABLE");
    expectOneDeadline(answer);
    expect(f.issued).toHaveLength(0);
    expect(f.app.log.join("\n")).not.toMatch(UNFREED);
    await expect.poll(() => f.app.log.join("\n"), { timeout: 10_000 }).toMatch(UNFREED);

    redis.resume();
    const again = await f.timed(() => f.mint({ "idempotency-key": "mid-1" }));
    expect(again.status).toBe(201);
    expect(f.issued).toHaveLength(1);
  });

  it("from inside onIssued: the token it accepted is answered 201 within commandTimeoutMs; the late record then replays it", async () => {
    let frozen = false;
    const f = await fluzApp({
      onIssued: () => {
        frozen = true;
        redis.pause();
      },
    });
    const answer = await f.timed(() => f.mint({ "idempotency-key": "issued-1" }));
    expect(frozen).toBe(true);
    expect(answer.status).toBe(201);
    expectOneDeadline(answer);
    expect(answer.json.jti).toBe(f.issued[0]?.jti);
    const { payload } = await verifyHs256(answer.json.token, TEST_SECRET);
    expect(payload.jti).toBe(answer.json.jti);
    // A warning, without the token.
    const log = f.app.log.join("\n");
    expect(log).toMatch(UNRECORDED);
    expect(log).not.toContain(answer.json.token);
    expect(log).not.toMatch(/eyJ/);

    redis.resume();
    // The replay record sent while Redis was frozen runs when it thaws: a retry replays.
    const retry = await f.timed(() => f.mint({ "idempotency-key": "issued-1" }));
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json).toEqual(answer.json);
    expect(f.issued).toHaveLength(1);
  });

  it("with rate limits failing open, a request still waits for the store once, not once per check", async () => {
    const f = await fluzApp({
      core: {
        rateLimit: {
          perIp: { limit: 1000, windowMs: 60_000 },
          perUser: { limit: 1000, windowMs: 60_000 },
          failOpen: true,
        },
      },
    });
    expect((await f.mint()).status).toBe(201);
    redis.pause();
    const answer = await f.timed(() => f.mint({ "idempotency-key": "open-1" }));
    expectError(answer, 503, "STORE_UNAVAILABLE");
    expectOneDeadline(answer);
    expect(f.app.log.filter((l) => l.includes("failing open"))).toHaveLength(1);
    // A signed-out user still gets its 401, after the one wait.
    const anonymous = await f.timed(() =>
      fetch(`${f.app.base}/fluz/pat-token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    expectError(anonymous, 401, "UNAUTHENTICATED");
    expectOneDeadline(anonymous);
  });
});

describe("Redis killed (SIGKILL) and restarted", () => {
  it("between requests: 503 within commandTimeoutMs, other routes keep answering, then recovery with no restart", async () => {
    const f = await fluzApp();
    expect((await f.mint()).status).toBe(201);
    await kill();
    const answers = await Promise.all(Array.from({ length: 10 }, () => f.timed(() => f.mint())));
    for (const a of answers) {
      expectError(a, 503, "STORE_UNAVAILABLE");
      expectOneDeadline(a);
      expect(a.text).not.toMatch(/redis|127\.0\.0\.1|ECONN/i);
    }
    expect((await fetch(`${f.app.base}/loader.js`)).status).toBe(200);

    await restart();
    // The client reconnects by itself: wait for that state, not for a time.
    await expect.poll(async () => (await f.mint()).status, { timeout: 10_000 }).toBe(201);
  });

  it("during a request, after the marker was written: 503 within commandTimeoutMs", async () => {
    let killed = false;
    const f = await fluzApp({
      tap: async (op, key) => {
        if (op === "set" && key.startsWith("jti:") && !killed) {
          killed = true;
          await kill();
        }
      },
    });
    const answer = await f.timed(() => f.mint({ "idempotency-key": "killed-1" }));
    expect(killed).toBe(true);
    expectError(answer, 503, "STORE_UNAVAILABLE");
    expectOneDeadline(answer);
    expect(f.issued).toHaveLength(0);
    // Redis stays down until freeing the key has failed (or a reconnection would free it).
    await expect.poll(() => f.app.log.join("\n"), { timeout: 10_000 }).toMatch(UNFREED);

    await restart();
    // The marker survived the crash (fsync'd), and lives no longer than its documented lifetime.
    const { record, pttl } = await idempotencyRecord(f.prefix);
    expect(record?.state).toBe("pending");
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(12_000);
    await expect
      .poll(async () => (await f.mint({ "idempotency-key": "killed-1" })).status, {
        timeout: 10_000,
      })
      .toBe(409);
  });

  it("from inside onIssued: 201 with the accepted token; the unwritten record leaves a marker of bounded life (409, never a second token)", async () => {
    const f = await fluzApp({ onIssued: () => kill() });
    const answer = await f.timed(() => f.mint({ "idempotency-key": "issued-killed" }));
    expect(answer.status).toBe(201);
    expectOneDeadline(answer);
    expect(answer.json.jti).toBe(f.issued[0]?.jti);
    expect(f.app.log.join("\n")).toMatch(UNRECORDED);
    expect(f.app.log.join("\n")).not.toContain(answer.json.token);

    await restart();
    const { record, pttl } = await idempotencyRecord(f.prefix);
    expect(record?.state).toBe("pending");
    // Fluz calls no upstream: 2 × commandTimeoutMs + 10 s for the hooks (docs/scaling.md).
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(2 * T + 10_000);
    await expect
      .poll(async () => (await f.mint({ "idempotency-key": "issued-killed" })).status, {
        timeout: 10_000,
      })
      .toBe(409);
    expect(f.issued).toHaveLength(1);
  });
});

describe("nothing acknowledged is lost (append-only file, fsync always)", () => {
  interface Minted {
    key: string;
    answer: { token: string; jti: string; expiresAt: string };
  }

  /** Replay every key: the same token, or (only where the record was not written) 409. */
  async function replayAll(f: FluzApp, minted: Minted[]) {
    const statuses: number[] = [];
    for (const m of minted) {
      const again = await f.timed(() => f.mint({ "idempotency-key": m.key }));
      statuses.push(again.status);
      if (again.status === 201) {
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(again.json).toEqual(m.answer);
      } else {
        expectError(again, 409, "IDEMPOTENCY_IN_PROGRESS");
      }
    }
    return statuses;
  }

  it("every 201 replays after a crash between requests", async () => {
    const f = await fluzApp();
    const minted: Minted[] = [];
    for (let i = 0; i < 20; i++) {
      const key = `between-${i}`;
      const res = await f.mint({ "idempotency-key": key });
      expect(res.status).toBe(201);
      minted.push({ key, answer: await res.json() });
    }
    await kill();
    await restart();
    await expect.poll(async () => (await f.mint()).status, { timeout: 10_000 }).toBe(201);
    expect(await replayAll(f, minted)).toEqual(Array(20).fill(201));
  });

  it("every 201 replays after a crash in the middle of concurrent requests", async () => {
    const f = await fluzApp();
    const minted: Minted[] = [];
    let crash: Promise<void> | undefined;
    let next = 0;
    // 8 lanes of keyed requests; Redis is killed when the 15th token was answered.
    const lane = async () => {
      while (next < 60) {
        const key = `during-${next++}`;
        const res = await f.mint({ "idempotency-key": key });
        if (res.status === 201) {
          minted.push({ key, answer: await res.json() });
          if (minted.length === 15) crash = kill();
        } else {
          expect(res.status).toBe(503);
          await res.arrayBuffer();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    await crash;
    await restart();
    await expect.poll(async () => (await f.mint()).status, { timeout: 10_000 }).toBe(201);

    const statuses = await replayAll(f, minted);
    // A 201 whose replay record Redis never acknowledged was logged as such; only those may
    // answer 409 (their marker, of bounded life), and none mints a second token.
    const unrecorded = f.app.log.filter((l) => UNRECORDED.test(l)).length;
    expect(statuses.filter((s) => s === 409).length).toBeLessThanOrEqual(unrecorded);
    expect(minted.length).toBeGreaterThanOrEqual(15);
  });
});

describe("the in-progress marker's lifetime is the route's deadline", () => {
  const API_KEY = "jackpot-key-faults";
  const API_SIGNATURE = "jackpot-signature-0123456789abcdef-faults-0123";
  let sandbox: Sandbox;
  const control: JackpotSandboxControl = jackpotSandboxControl();
  beforeAll(async () => {
    sandbox = await startSandbox({
      providers: { jackpot: { apiKey: API_KEY, apiSignature: API_SIGNATURE, control } },
    });
  });
  afterAll(() => sandbox?.close());

  it("Fluz (no upstream): 2 × commandTimeoutMs + 10 s, read while the request runs", async () => {
    let pttl = 0;
    let prefix = "";
    const f = await fluzApp({
      onIssued: async () => {
        pttl = (await idempotencyRecord(prefix)).pttl;
      },
    });
    prefix = f.prefix;
    expect((await f.mint({ "idempotency-key": "life-1" })).status).toBe(201);
    expect(pttl).toBeGreaterThan(2 * T + 10_000 - 5_000);
    expect(pttl).toBeLessThanOrEqual(2 * T + 10_000);
  });

  it("Jackpot: plus two exchanges' timeouts (2 × timeoutMs)", async () => {
    const prefix = `faults-${randomUUID()}:`;
    const store = redisStore(
      { url: redis.url },
      { prefix, commandTimeoutMs: T, logger: captureLogger([]) },
    );
    let pttl = 0;
    const app = await startTestApp({
      store,
      providers: {
        jackpot: {
          apiKey: API_KEY,
          apiSignature: API_SIGNATURE,
          baseUrl: `${sandbox.url}/jackpot`,
          timeoutMs: 3000,
          onIssued: async () => {
            pttl = (await idempotencyRecord(prefix)).pttl;
          },
        },
      },
    });
    opened.push({
      async close() {
        await app.close();
        await store.close();
      },
    });
    const res = await app.post(
      "/jackpot/session-token",
      { amount: 5 },
      { "idempotency-key": "j-1" },
    );
    expect(res.status).toBe(201);
    const lifetime = 2 * 3000 + 2 * T + 10_000;
    expect(pttl).toBeGreaterThan(lifetime - 5_000);
    expect(pttl).toBeLessThanOrEqual(lifetime);
  });
});

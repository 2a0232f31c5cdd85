import { type FaultSpec, type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type JackpotIssued,
  type MerchantApiClientOptions,
  createMerchantApiClient,
} from "../../src/index.js";
import { type TestApp, startTestApp } from "../helpers/http.js";
import { CUSTOMER, MERCHANT } from "../helpers/merchant-api.js";
import { refusingPort } from "../helpers/refusing-port.js";
import { expectError, expectWithin, timed } from "./deadline.js";

/**
 * Every upstream fault of the Jackpot and merchant-API stand-ins, flipped
 * with the sandbox's fault switches (sandbox/README.md), and a provider that
 * is down (a refusing port). For each: the documented status, within the
 * documented deadline (the upstream `timeoutMs` per call; Jackpot's route
 * makes at most two exchanges), and the process serves the next request.
 */

/**
 * The upstream `timeoutMs` of every app in this suite: long enough that a
 * healthy sandbox answers within it with both cores busy (500 ms did not).
 */
const TIMEOUT = 1_500;
const SLOW = { kind: "slow", ms: 4 * TIMEOUT } as const;
const API_KEY = "jackpot-key-faults-1";
const API_SIGNATURE = "jackpot-signature-faults-0123456789abcdef-0123";

let sandbox: Sandbox;
const apps: TestApp[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    providers: {
      jackpot: { apiKey: API_KEY, apiSignature: API_SIGNATURE },
      merchantApi: MERCHANT,
    },
  });
});
afterEach(() => {
  sandbox.faults.clear();
});
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  await sandbox?.close();
});

/** One expected outcome: the status, the code, and the deadline it must arrive within. */
interface Outcome {
  status: number;
  code: string;
  withinMs: number;
  upstreamCode?: string;
  /** Part of the error message (what the provider did, never its body). */
  message?: string;
  /**
   * Jackpot: exchanges made. A reset on a reused keep-alive socket before any
   * answer reads as a stale socket (nothing processed): one retry, with a new
   * assertion. Default 1.
   */
  attempts?: number;
}

describe("Jackpot session-token exchange", () => {
  let app: TestApp;
  const issued: JackpotIssued[] = [];

  async function jackpotApp(baseUrl: string): Promise<TestApp> {
    const a = await startTestApp({
      providers: {
        jackpot: {
          apiKey: API_KEY,
          apiSignature: API_SIGNATURE,
          baseUrl,
          timeoutMs: TIMEOUT,
          onIssued: (i) => {
            issued.push(i);
          },
        },
      },
    });
    apps.push(a);
    return a;
  }

  beforeAll(async () => {
    app = await jackpotApp(`${sandbox.url}/jackpot`);
  });

  const exchange = (a: TestApp) => timed(() => a.post("/jackpot/session-token", { amount: 25 }));

  // An assertion that was sent is never sent again: one exchange (attempt) each.
  it.each<[string, Omit<FaultSpec, "provider">, Outcome]>([
    ["slow beyond timeoutMs", SLOW, { status: 504, code: "UPSTREAM_TIMEOUT", withinMs: TIMEOUT }],
    [
      "500",
      { kind: "500" },
      {
        status: 502,
        code: "UPSTREAM_ERROR",
        withinMs: TIMEOUT,
        message: "Jackpot answered HTTP 500",
      },
    ],
    [
      "a 200 HTML page (wrong content type)",
      { kind: "garbage", shape: "html" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT, message: "without a JSON object" },
    ],
    [
      "truncated JSON",
      { kind: "garbage", shape: "truncated-json" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT, message: "without a JSON object" },
    ],
    [
      "a 200 without the session token (a missing field)",
      { kind: "garbage", shape: "wrong-shape" },
      {
        status: 502,
        code: "UPSTREAM_ERROR",
        withinMs: TIMEOUT,
        message: "without a session token",
      },
    ],
    [
      "connection reset",
      { kind: "reset" },
      { status: 502, code: "UPSTREAM_UNAVAILABLE", withinMs: 2 * TIMEOUT, attempts: 2 },
    ],
    [
      "decline (invalid_grant)",
      { kind: "decline" },
      {
        status: 502,
        code: "UPSTREAM_REJECTED",
        withinMs: TIMEOUT,
        upstreamCode: "invalid_grant",
      },
    ],
  ])(
    "%s: the documented answer within the deadline, no assertion sent twice",
    async (_name, fault, o) => {
      issued.length = 0;
      sandbox.faults.set({ ...fault, provider: "jackpot" });
      const answer = await exchange(app);
      expectError(answer, o.status, o.code);
      expect(answer.json.error.upstreamCode).toBe(o.upstreamCode);
      if (o.message) expect(answer.json.error.message).toContain(o.message);
      expect(answer.text).not.toMatch(/jps_|Maintenance|<html/i);
      expectWithin(answer, o.withinMs);
      expect(issued.length).toBeGreaterThanOrEqual(1);
      expect(issued.length).toBeLessThanOrEqual(o.attempts ?? 1);
      expect(new Set(issued.map((i) => i.notificationKey)).size).toBe(issued.length);

      sandbox.faults.clear();
      const next = await exchange(app);
      expect(next.status).toBe(201);
    },
  );

  it("reset on a fresh connection, after the request was sent: 502 UPSTREAM_UNAVAILABLE, never retried", async () => {
    issued.length = 0;
    const fresh = await jackpotApp(`${sandbox.url}/jackpot`);
    sandbox.faults.set({ kind: "reset", provider: "jackpot" });
    const answer = await exchange(fresh);
    expectError(answer, 502, "UPSTREAM_UNAVAILABLE");
    expectWithin(answer, TIMEOUT);
    expect(issued.map((i) => i.attempt)).toEqual([1]);
  });

  it("down (a refusing port): 502 UPSTREAM_UNAVAILABLE within two attempts, the second with a new assertion", async () => {
    issued.length = 0;
    const down = await jackpotApp(`http://127.0.0.1:${await refusingPort()}/jackpot`);
    const answer = await exchange(down);
    expectError(answer, 502, "UPSTREAM_UNAVAILABLE");
    expectWithin(answer, 2 * TIMEOUT);
    expect(issued.map((i) => i.attempt)).toEqual([1, 2]);
    expect(issued[0]?.notificationKey).not.toBe(issued[1]?.notificationKey);
    expect(down.log.join("\n")).toContain("retrying once with a new initialization token");
  });
});

const MODES: Array<[string, (baseUrl: string) => MerchantApiClientOptions]> = [
  [
    "session",
    (baseUrl) => ({
      baseUrl,
      merchantId: MERCHANT.merchantId,
      email: MERCHANT.email,
      password: MERCHANT.password,
      timeoutMs: TIMEOUT,
    }),
  ],
  ["api key", (baseUrl) => ({ baseUrl, apiKey: MERCHANT.apiKey, timeoutMs: TIMEOUT })],
];

async function proxyApp(options: MerchantApiClientOptions): Promise<TestApp> {
  const client = createMerchantApiClient(options);
  const a = await startTestApp({
    providers: {
      merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
    },
  });
  const close = a.close;
  a.close = async () => {
    await close();
    await client.close();
  };
  apps.push(a);
  return a;
}

const create = (a: TestApp) => timed(() => a.post("/merchant-api/v2/customer/create", CUSTOMER));

describe.each(MODES)("merchant-API proxy (%s): a fault on the proxied call", (_mode, options) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await proxyApp(options(`${sandbox.url}/merchant-api`));
    // The session (if any) is open: the faults below hit the proxied call itself.
    expect((await create(app)).status).toBe(201);
  });

  it.each<[string, Omit<FaultSpec, "provider">, Outcome]>([
    ["slow beyond timeoutMs", SLOW, { status: 504, code: "UPSTREAM_TIMEOUT", withinMs: TIMEOUT }],
    ["500", { kind: "500" }, { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT }],
    [
      "a 200 HTML page (wrong content type)",
      { kind: "garbage", shape: "html" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT },
    ],
    [
      "truncated JSON",
      { kind: "garbage", shape: "truncated-json" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT },
    ],
    [
      "connection reset",
      { kind: "reset" },
      { status: 502, code: "UPSTREAM_UNAVAILABLE", withinMs: TIMEOUT },
    ],
  ])("%s: the documented answer within the deadline", async (_name, fault, o) => {
    sandbox.faults.set({ ...fault, provider: "merchantApi" });
    const answer = await create(app);
    expectError(answer, o.status, o.code);
    expect(answer.text).not.toMatch(/Maintenance|<html|eyJ/i);
    expectWithin(answer, o.withinMs);

    sandbox.faults.clear();
    expect((await create(app)).status).toBe(201);
  });

  it("down (a refusing port): 502 UPSTREAM_UNAVAILABLE within one call's timeout", async () => {
    const down = await proxyApp(options(`http://127.0.0.1:${await refusingPort()}/merchant-api`));
    const answer = await create(down);
    expectError(answer, 502, "UPSTREAM_UNAVAILABLE");
    expectWithin(answer, TIMEOUT);
  });
});

describe("merchant-API proxy (session): a fault on the login", () => {
  // Each case a new client: its first call logs in, and the login meets the fault.
  it.each<[string, Omit<FaultSpec, "provider">, Outcome]>([
    ["slow beyond timeoutMs", SLOW, { status: 504, code: "UPSTREAM_TIMEOUT", withinMs: TIMEOUT }],
    ["500", { kind: "500" }, { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT }],
    [
      "a 200 HTML page (wrong content type)",
      { kind: "garbage", shape: "html" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT },
    ],
    [
      "a 200 without the tokens (a missing field)",
      { kind: "garbage", shape: "wrong-shape" },
      { status: 502, code: "UPSTREAM_ERROR", withinMs: TIMEOUT },
    ],
    [
      "connection reset",
      { kind: "reset" },
      { status: 502, code: "UPSTREAM_UNAVAILABLE", withinMs: TIMEOUT },
    ],
    [
      "decline (credentials refused)",
      { kind: "decline" },
      {
        status: 502,
        code: "UPSTREAM_REJECTED",
        withinMs: TIMEOUT,
        upstreamCode: "INVALID_CREDENTIALS",
      },
    ],
  ])("%s: the documented answer within the deadline", async (_name, fault, o) => {
    const app = await proxyApp(MODES[0]![1](`${sandbox.url}/merchant-api`));
    sandbox.faults.set({ ...fault, provider: "merchantApi", times: 1 });
    const answer = await create(app);
    expectError(answer, o.status, o.code);
    // The provider's own code, when it sent one (its 500 body names INTERNAL_ERROR).
    if (o.upstreamCode) expect(answer.json.error.upstreamCode).toBe(o.upstreamCode);
    expect(answer.text).not.toMatch(/Maintenance|<html|eyJ/i);
    expectWithin(answer, o.withinMs);
  });
});

import { ERROR_STATUS } from "@widget-tokens/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginIdempotent } from "../src/http/idempotency.js";
import { createRateLimiter } from "../src/http/rate-limit.js";
import {
  AccessError,
  IdempotencyError,
  LedgerError,
  MerchantApiAuthError,
  NotificationError,
  RateLimitedError,
  RequestError,
  ServiceError,
  StoreError,
  UpstreamError,
  WidgetTokensError,
  WidgetTokensOptionError,
  invalidRequest,
  memoryStore,
  widgetTokens,
} from "../src/index.js";
import { hmacVerifier } from "../src/notifications/verify-hmac.js";
import { createSealer } from "../src/stores/sealer.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const quiet = { info() {}, warn() {}, error() {} };

/** What a promise rejected with (it must reject). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

/** What a call threw (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

/**
 * Each family of codes has its own subclass, jose-style: thrown where the
 * code arises (by the module that arises it, not built by hand here), it is
 * a `WidgetTokensError` and its family's class, with its code, the status of
 * the one table (`ERROR_STATUS`), and only its own fields.
 */
describe("typed errors, one subclass per code family", () => {
  it("client input: invalidRequest() is a RequestError, 400, naming its field", () => {
    const err = invalidRequest("amount", "amount must be at most 10000");
    expect(err).toBeInstanceOf(RequestError);
    expect(err).toBeInstanceOf(WidgetTokensError);
    expect(err).toMatchObject({ code: "INVALID_REQUEST", status: 400, field: "amount" });
    expect(err.name).toBe("RequestError");
    expect(ERROR_STATUS[err.code]).toBe(err.status);
  });

  it("rate limits: over the limit is a RateLimitedError, 429, with retryAfter in seconds", async () => {
    const limit = createRateLimiter(memoryStore(), false, quiet);
    await limit("ip:1", { limit: 1, windowMs: 60_000 });
    const err = await rejection(limit("ip:1", { limit: 1, windowMs: 60_000 }));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toBeInstanceOf(WidgetTokensError);
    expect(err).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfter: 60 });
    expect(err).not.toHaveProperty("field");
  });

  it("idempotency: a key reused for another body is an IdempotencyError, 422", async () => {
    const store = memoryStore();
    const sealer = createSealer([TEST_SECRET]);
    await beginIdempotent(store, "key-1", "POST /x\nu", { amount: 1 }, 60_000, sealer);
    const err = await rejection(
      beginIdempotent(store, "key-1", "POST /x\nu", { amount: 2 }, 60_000, sealer),
    );
    expect(err).toBeInstanceOf(IdempotencyError);
    expect(err).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", status: 422 });
  });

  it("upstream: a merchant API auth failure is an UpstreamError, 502, with the provider's code", () => {
    const err = new MerchantApiAuthError("INVALID_CREDENTIALS", "login refused", "BAD_PASSWORD");
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toBeInstanceOf(WidgetTokensError);
    expect(err).toMatchObject({
      code: "UPSTREAM_REJECTED",
      status: 502,
      upstreamCode: "BAD_PASSWORD",
      reason: "INVALID_CREDENTIALS",
    });
    const slow = new MerchantApiAuthError("RENEWAL_TIMEOUT", "no renewed session");
    expect(slow).toMatchObject({ code: "UPSTREAM_TIMEOUT", status: 504 });
  });

  it("store: a full memory store refuses with a StoreError, 503", async () => {
    const store = memoryStore({ maxEntries: 1, logger: quiet });
    await store.set("a", "1", 60_000);
    const err = await rejection(store.set("b", "2", 60_000));
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toBeInstanceOf(WidgetTokensError);
    expect(err).toMatchObject({ code: "STORE_UNAVAILABLE", status: 503 });
    await store.close();
  });

  it("ledger: settling an unknown key is a LedgerError, 404", async () => {
    const tokens = widgetTokens({ identify: () => null, providers: { fluz }, logger: quiet });
    const err = await rejection(
      tokens.ledger.settle("no-such-key", { amount: 100, reference: "tx-1" }),
    );
    expect(err).toBeInstanceOf(LedgerError);
    expect(err).toMatchObject({ code: "LEDGER_UNKNOWN_KEY", status: 404 });
    await tokens.close();
  });

  it("notifications: a forged signature is a NotificationError, 401", () => {
    const verify = hmacVerifier(
      TEST_SECRET,
      300,
      { signatureHeader: "x-signature", timestampHeader: "x-timestamp" },
      Date.now,
    );
    const err = thrown(() =>
      verify({
        rawBody: "{}",
        headers: { "x-signature": "0".repeat(64), "x-timestamp": String(Date.now() / 1000) },
      }),
    );
    expect(err).toBeInstanceOf(NotificationError);
    expect(err).toBeInstanceOf(WidgetTokensError);
    expect(err).toMatchObject({ code: "NOTIFICATION_SIGNATURE_INVALID", status: 401 });
  });

  it("access and service: each family's class carries its code and the table's status", () => {
    const cases = [
      [new AccessError("FORBIDDEN", "no"), AccessError, 403],
      [new AccessError("NO_CREDENTIALS", "no"), AccessError, 401],
      [new ServiceError("SHUTTING_DOWN", "later"), ServiceError, 503],
      [new ServiceError("INTERNAL_ERROR", "bug"), ServiceError, 500],
    ] as const;
    for (const [err, family, status] of cases) {
      expect(err).toBeInstanceOf(family);
      expect(err).toBeInstanceOf(WidgetTokensError);
      expect(err.status).toBe(status);
      expect(ERROR_STATUS[err.code]).toBe(status);
    }
  });

  it("options: a bad option is a WidgetTokensOptionError (a TypeError at start-up) naming it", () => {
    const err = thrown(() => widgetTokens({ identify: () => null, providers: {} }));
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ code: "ERR_INVALID_OPTION", option: "providers" });
    expect(err).not.toHaveProperty("status");
  });
});

/**
 * The answer an error gets is its family's: a hook may throw any of them
 * (hook errors of widget-tokens' own types are answered as they are).
 */
describe("each family's own fields reach the answer", () => {
  let app: TestApp;
  let next: () => Error = () => new Error("unset");
  beforeAll(async () => {
    app = await startTestApp({
      providers: { fluz },
      identify: () => {
        throw next();
      },
    });
  });
  afterAll(() => app.close());
  const body = { amount: "5.00", transactionType: "DEPOSIT" };

  it.each([
    [
      "RequestError: 400 with its field",
      () => new RequestError("INVALID_REQUEST", "Your cart is empty", { field: "cart" }),
      400,
      { code: "INVALID_REQUEST", message: "Your cart is empty", field: "cart" },
    ],
    [
      "UpstreamError: 502 with the provider's code",
      () => new UpstreamError("UPSTREAM_REJECTED", "Refused", { upstreamCode: "E_LIMIT" }),
      502,
      { code: "UPSTREAM_REJECTED", message: "Refused", upstreamCode: "E_LIMIT" },
    ],
    [
      "the generic constructor, as the docs showed it: 400 with its field",
      () => new WidgetTokensError("INVALID_REQUEST", "Your cart is empty", { field: "cart" }),
      400,
      { code: "INVALID_REQUEST", message: "Your cart is empty", field: "cart" },
    ],
  ])("%s", async (_name, make, status, error) => {
    next = make;
    const res = await app.post("/fluz/pat-token", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
  });

  it("RateLimitedError: 429 with Retry-After in seconds", async () => {
    next = () => new RateLimitedError("Slow down", 7);
    const res = await app.post("/fluz/pat-token", body);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });
});

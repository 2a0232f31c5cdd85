import type { IncomingMessage } from "node:http";
import { Writable } from "node:stream";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { type Sandbox, startSandbox } from "@widget-tokens/sandbox";
import pino from "pino";
import { Registry } from "prom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  WidgetTokensOptionError,
  type WidgetTokensOptions,
  createMerchantApiClient,
  widgetTokens,
} from "../src/index.js";
import { logEvent, redactingLogger } from "../src/logger.js";
import { type TestApp, startTestApp } from "./helpers/http.js";
import { CUSTOMER, MERCHANT } from "./helpers/merchant-api.js";
import { refusingPort } from "./helpers/refusing-port.js";

/**
 * Observability (issue 14): prom-client metrics after a scripted run, the
 * OpenTelemetry spans (in memory) with the `traceparent` the sandbox's
 * provider API received, and pino's structured events, redacted. The
 * metrics text and the span attributes are written to the console, which
 * the run-wide secret scan records and scans.
 */

const FLUZ = {
  apiKey: "fluz-key-observability",
  apiSecret: "fluz-secret-0123456789abcdef-observe!",
};
const JACKPOT = {
  apiKey: "jackpot-key-observability",
  apiSignature: "jackpot-signature-observability-0123456789abcdef",
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

let sandbox: Sandbox;
/** `traceparent` of every request the sandbox received, by path. */
const received: { path: string; traceparent: string | undefined }[] = [];
const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  sandbox = await startSandbox({
    providers: {
      fluz: FLUZ,
      jackpot: JACKPOT,
      merchantApi: MERCHANT,
    },
  });
  sandbox.server.on("request", (req: IncomingMessage) => {
    const traceparent = req.headers.traceparent;
    received.push({
      path: (req.url ?? "").split("?")[0] ?? "",
      traceparent: typeof traceparent === "string" ? traceparent : undefined,
    });
  });
});
beforeEach(() => {
  exporter.reset();
  received.length = 0;
  sandbox.faults.clear();
});
afterAll(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const close of closers.splice(0)) await close();
  await sandbox?.close();
  trace.disable();
  propagation.disable();
  context.disable();
  await tracerProvider.shutdown();
});

async function observedApp(options: Partial<WidgetTokensOptions> = {}): Promise<TestApp> {
  const client = createMerchantApiClient({
    baseUrl: `${sandbox.url}/merchant-api`,
    merchantId: MERCHANT.merchantId,
    email: MERCHANT.email,
    password: MERCHANT.password,
  });
  closers.push(() => client.close());
  const app = await startTestApp({
    providers: {
      fluz: FLUZ,
      jackpot: { ...JACKPOT, baseUrl: `${sandbox.url}/jackpot` },
      merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
    },
    ...options,
  });
  apps.push(app);
  return app;
}

/** One metric's samples, label sets as `k=v,…` strings. */
async function samples(registry: Registry, name: string): Promise<Map<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const out = new Map<string, number>();
  for (const v of metric?.values ?? []) {
    const labels = v.labels as Record<string, string | number>;
    const key = Object.entries(labels)
      .filter(([k]) => k !== "le")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => `${k}=${x}`)
      .join(",");
    const sampleName = (v as { metricName?: string }).metricName ?? name;
    if (sampleName.endsWith("_bucket") || sampleName.endsWith("_sum")) continue;
    out.set(key, v.value);
  }
  return out;
}

function attributesOf(spans: ReadableSpan[]): string {
  return JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes })));
}

describe("metrics: metrics: { registry }", () => {
  it("counts issued tokens, errors, upstream and store timings and merchant-API renewals", async () => {
    const registry = new Registry();
    const app = await observedApp({ metrics: { registry } });

    for (let i = 0; i < 3; i++) {
      expect(
        (await app.post("/fluz/pat-token", { amount: "10.00", transactionType: "DEPOSIT" })).status,
      ).toBe(201);
    }
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(201);
    expect((await app.post("/fluz/pat-token", { amount: "nope" })).status).toBe(400);
    sandbox.faults.set({ kind: "500", provider: "jackpot" });
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(502);
    sandbox.faults.clear();
    expect((await app.post("/merchant-api/v2/customer/create", CUSTOMER)).status).toBeLessThan(300);
    // A replay is not a second token.
    const key = { "Idempotency-Key": "observability-replay-1" };
    const body = { amount: "5.00", transactionType: "DEPOSIT" };
    expect((await app.post("/fluz/pat-token", body, key)).status).toBe(201);
    expect((await app.post("/fluz/pat-token", body, key)).status).toBe(201);

    expect(await samples(registry, "widget_tokens_issued_total")).toEqual(
      new Map([
        ["provider=fluz", 4],
        ["provider=jackpot", 1],
      ]),
    );
    expect(await samples(registry, "widget_tokens_errors_total")).toEqual(
      new Map([
        ["code=INVALID_REQUEST,provider=fluz", 1],
        ["code=UPSTREAM_ERROR,provider=jackpot", 1],
      ]),
    );
    const upstream = await samples(registry, "widget_tokens_upstream_duration_seconds");
    expect(upstream.get("outcome=ok,provider=jackpot")).toBe(1);
    expect(upstream.get("outcome=error,provider=jackpot")).toBe(1);
    // The login, then the allow-listed call.
    expect(upstream.get("outcome=ok,provider=merchantApi")).toBe(2);
    expect(await samples(registry, "widget_tokens_merchant_api_renewals_total")).toEqual(
      new Map([["kind=login", 1]]),
    );
    const store = await samples(registry, "widget_tokens_store_duration_seconds");
    expect(store.get("op=set,outcome=ok")).toBeGreaterThan(0);
    expect(store.get("op=get,outcome=ok")).toBeGreaterThan(0);

    // Bounded labels: no user, key or path in the output; the scan checks it for secrets.
    const text = await registry.metrics();
    expect(text).not.toContain("user-1");
    expect(text).not.toContain("observability-replay-1");
    // A path appears only as an allow-listed route's label.
    expect(text.replaceAll('route="/merchant-api/v2/customer/create"', "")).not.toContain(
      "/v2/customer",
    );
    console.log(text);
  });

  it("refuses a registry that is not one, naming the option", () => {
    expect(() =>
      widgetTokens({
        identify: () => null,
        providers: { fluz: FLUZ },
        metrics: { registry: {} as never },
      }),
    ).toThrow(WidgetTokensOptionError);
    expect(() =>
      widgetTokens({
        identify: () => null,
        providers: { fluz: FLUZ },
        metrics: { registry: {} as never },
      }),
    ).toThrow(/metrics\.registry/);
  });

  it("times every answer by provider, route and status, 404 and 503 included; in-flight and draining gauges", async () => {
    const registry = new Registry();
    const app = await observedApp({ metrics: { registry } });
    const body = { amount: "1.00", transactionType: "DEPOSIT" };
    expect((await app.post("/fluz/pat-token", body)).status).toBe(201);
    expect((await app.post("/fluz/pat-token", { amount: "x" })).status).toBe(400);
    expect((await app.post("/fluz/no-such-route", body)).status).toBe(404);
    const loader = await fetch(`${app.base}/loader.js`);
    expect(loader.status).toBe(200);
    await loader.arrayBuffer();
    await app.tokens.close();
    expect((await app.post("/fluz/pat-token", body)).status).toBe(503);

    const answers = await samples(registry, "widget_tokens_request_duration_seconds");
    expect(answers).toEqual(
      new Map([
        ["provider=fluz,route=/fluz/pat-token,status=201", 1],
        ["provider=fluz,route=/fluz/pat-token,status=400", 1],
        ["provider=none,route=unmatched,status=404", 1],
        ["provider=loader,route=/loader.js,status=200", 1],
        ["provider=fluz,route=/fluz/pat-token,status=503", 1],
      ]),
    );
    expect(await samples(registry, "widget_tokens_requests_in_flight")).toEqual(new Map([["", 0]]));
    expect(await samples(registry, "widget_tokens_draining")).toEqual(new Map([["", 1]]));
  });

  it("two middlewares share one registry", async () => {
    const registry = new Registry();
    const a = await observedApp({ metrics: { registry } });
    const b = await observedApp({ metrics: { registry } });
    const body = { amount: "1.00", transactionType: "DEPOSIT" };
    expect((await a.post("/fluz/pat-token", body)).status).toBe(201);
    expect((await b.post("/fluz/pat-token", body)).status).toBe(201);
    expect((await samples(registry, "widget_tokens_issued_total")).get("provider=fluz")).toBe(2);
  });
});

describe("traces through @opentelemetry/api", () => {
  it("a merchant-API login and the call it serves have distinct span names", async () => {
    const app = await observedApp();
    expect((await app.post("/merchant-api/v2/customer/create", CUSTOMER)).status).toBeLessThan(300);
    const names = exporter
      .getFinishedSpans()
      .map((s) => s.name)
      .filter((n) => n.startsWith("widget-tokens upstream"));
    expect(names).toEqual([
      "widget-tokens upstream Merchant API POST /v2/auth/login",
      "widget-tokens upstream Merchant API POST /v2/customer/create",
    ]);
  });

  it("a span per token request and per upstream call, and the traceparent the provider received", async () => {
    const app = await observedApp();
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(201);
    sandbox.faults.set({ kind: "500", provider: "jackpot" });
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(502);
    expect(
      (await app.post("/fluz/pat-token", { amount: "10.00", transactionType: "DEPOSIT" })).status,
    ).toBe(201);

    const spans = exporter.getFinishedSpans();
    const requests = spans.filter((s) => s.name === "widget-tokens jackpot /jackpot/session-token");
    const upstream = spans.filter((s) =>
      s.name.startsWith("widget-tokens upstream Jackpot POST /"),
    );
    expect(requests).toHaveLength(2);
    expect(upstream).toHaveLength(2);
    expect(requests[0]!.attributes).toEqual({
      "widget_tokens.provider": "jackpot",
      "widget_tokens.route": "/jackpot/session-token",
      "http.response.status_code": 201,
    });
    expect(requests[1]!.attributes).toMatchObject({
      "http.response.status_code": 502,
      "widget_tokens.error_code": "UPSTREAM_ERROR",
    });
    expect(upstream.map((s) => s.attributes["http.response.status_code"])).toEqual([200, 500]);

    // Each upstream span is its request's child, and its context is what the provider received.
    const exchanges = received.filter((r) => r.path.startsWith("/jackpot/"));
    expect(exchanges).toHaveLength(2);
    for (const [i, span] of upstream.entries()) {
      const request = requests[i]!;
      expect(span.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      const match = TRACEPARENT.exec(exchanges[i]!.traceparent ?? "");
      expect(match?.[1]).toBe(span.spanContext().traceId);
      expect(match?.[2]).toBe(span.spanContext().spanId);
    }
    const fluz = spans.find((s) => s.name === "widget-tokens fluz /fluz/pat-token");
    expect(fluz?.attributes["http.response.status_code"]).toBe(201);

    // The store operations of a request are its children too, named per operation.
    const fluzSpan = fluz!;
    const storeSpans = spans.filter(
      (s) =>
        s.name.startsWith("widget-tokens store ") &&
        s.parentSpanContext?.spanId === fluzSpan.spanContext().spanId,
    );
    expect(storeSpans.length).toBeGreaterThan(0);
    for (const span of storeSpans) {
      expect(span.attributes["widget_tokens.store.outcome"]).toBe("ok");
    }

    // No token, secret or email in any attribute; the scan checks the line too.
    const attributes = attributesOf(spans);
    expect(attributes).not.toContain("example.com");
    expect(attributes).not.toMatch(/eyJ|jps_/);
    console.log(attributes);
  });
});

describe("structured logs", () => {
  function pinoInto(lines: Record<string, unknown>[]) {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.length > 0) lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    return pino({ level: "info" }, stream);
  }

  it("a pino logger gets objects with stable fields", async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await observedApp({ logger: pinoInto(lines) });
    expect(
      (await app.post("/fluz/pat-token", { amount: "10.00", transactionType: "DEPOSIT" })).status,
    ).toBe(201);
    expect((await app.post("/fluz/pat-token", { amount: "nope" })).status).toBe(400);
    sandbox.faults.set({ kind: "500", provider: "jackpot" });
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(502);

    const events = lines.filter((l) => typeof l.event === "string");
    expect(events).toContainEqual(
      expect.objectContaining({
        level: 30,
        event: "token.issued",
        provider: "fluz",
        route: "/fluz/pat-token",
        status: 201,
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        level: 30,
        event: "token.failed",
        provider: "fluz",
        code: "INVALID_REQUEST",
        status: 400,
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        level: 40,
        event: "token.failed",
        provider: "jackpot",
        code: "UPSTREAM_ERROR",
        status: 502,
      }),
    );
    expect(JSON.stringify(lines)).not.toContain("user-1@example.com");
  });

  it("one line per failure, with its cause and its trace and span ids, for pino and for a string logger", async () => {
    const lines: Record<string, unknown>[] = [];
    const refused = `http://127.0.0.1:${await refusingPort()}`;
    const down = { ...JACKPOT, baseUrl: `${refused}/jackpot` };
    const app = await startTestApp({ providers: { jackpot: down }, logger: pinoInto(lines) });
    apps.push(app);
    expect((await app.post("/jackpot/session-token", { amount: 25 })).status).toBe(502);
    // Jackpot's own retry line (the connection failed before the request was sent), then the
    // failure's one line; both carry the request's trace.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: expect.stringContaining("retrying once") });
    expect(lines[0]!.msg).toMatch(/ trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}$/);
    expect(lines[1]).toMatchObject({
      level: 40,
      event: "token.failed",
      code: "UPSTREAM_UNAVAILABLE",
      cause: "ECONNREFUSED",
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const request = exporter
      .getFinishedSpans()
      .find((s) => s.name === "widget-tokens jackpot /jackpot/session-token");
    expect(lines[1]!.trace_id).toBe(request?.spanContext().traceId);

    const plain = await startTestApp({ providers: { jackpot: down } });
    apps.push(plain);
    expect((await plain.post("/jackpot/session-token", { amount: 25 })).status).toBe(502);
    expect(plain.log).toHaveLength(2);
    expect(plain.log[1]).toMatch(
      /^widget-tokens: \/jackpot\/session-token UPSTREAM_UNAVAILABLE: .*\(ECONNREFUSED\) trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}$/,
    );
  });

  it("redacts object fields deeply, on a copy; string-style loggers keep getting strings", () => {
    const lines: Record<string, unknown>[] = [];
    const secret = "a-configured-secret-value";
    const logger = redactingLogger(pinoInto(lines), () => [secret]);
    const fields = {
      event: "test.event",
      nested: {
        note: `key ${secret} and Bearer abc.def.ghi`,
        list: ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", 7],
      },
    };
    const before = JSON.stringify(fields);
    logEvent(logger, "warn", fields, `message with ${secret}`);
    expect(JSON.stringify(fields)).toBe(before);
    expect(lines[0]).toMatchObject({
      level: 40,
      event: "test.event",
      msg: "message with [secret]",
      nested: { note: "key [secret] and Bearer [redacted]", list: ["[token]", 7] },
    });

    const plain: string[] = [];
    const stringLogger = redactingLogger(
      {
        info: (m: string) => plain.push(m),
        warn: (m: string) => plain.push(m),
        error: (m: string) => plain.push(m),
      },
      () => [secret],
    );
    logEvent(stringLogger, "info", { event: "token.issued" }, "dropped");
    stringLogger.warn(`plain ${secret}`);
    expect(plain).toEqual(["plain [secret]"]);
  });
});

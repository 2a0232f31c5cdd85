import { request } from "node:http";
import { context, trace } from "@opentelemetry/api";
import type { NextFunction, Request, Response } from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

/** What one answer did to its response object, from the widget-tokens middleware on. */
interface Calls {
  setHeader: string[];
  writeHead: unknown[][];
  ipReads: number;
  /** Listeners added to the request for its body ('data'): none when it had all arrived. */
  dataListeners: number;
}

/**
 * An app-level middleware in front of widget-tokens (after Express's own,
 * which sets `X-Powered-By`) that records how the answer is written, and
 * every read of `req.ip` (what a per-IP rate limit keys on).
 */
function recorder(calls: Calls[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const c: Calls = { setHeader: [], writeHead: [], ipReads: 0, dataListeners: 0 };
    calls.push(c);
    const on = req.on.bind(req);
    req.on = ((event: string, listener: (...a: unknown[]) => void) => {
      if (event === "data") c.dataListeners++;
      return on(event, listener);
    }) as typeof req.on;
    // (Node's writeHead copies a list into headers set before it, Express's X-Powered-By
    // here, with setHeader: those calls are Node's, not the middleware's.)
    let inWriteHead = false;
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: never) => {
      if (!inWriteHead) c.setHeader.push(name);
      return setHeader(name, value);
    }) as typeof res.setHeader;
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      c.writeHead.push(args);
      inWriteHead = true;
      try {
        return writeHead(...args);
      } finally {
        inWriteHead = false;
      }
    }) as typeof res.writeHead;
    const proto = Object.getPrototypeOf(req) as object;
    const ip =
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(proto), "ip") ??
      Object.getOwnPropertyDescriptor(proto, "ip");
    Object.defineProperty(req, "ip", {
      configurable: true,
      get() {
        c.ipReads++;
        return ip?.get?.call(req);
      },
    });
    next();
  };
}

/**
 * POST the way autocannon and most clients send a small body: headers and
 * body in one write (Node's client joins them when `end(body)` comes first).
 */
function postInOneWrite(url: string, json: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(json),
            "x-test-user": "user-1",
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            text += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on("error", reject);
      req.end(json);
    },
  );
}

describe("the token route's own cost (issue 21, item 7): how an answer is written", () => {
  let app: TestApp;
  const calls: Calls[] = [];

  beforeAll(async () => {
    app = await startTestApp(
      {
        providers: { fluz: { apiKey: "fluz-key-1", apiSecret: TEST_SECRET } },
        allowedOrigins: ["https://shop.example"],
      },
      { before: [recorder(calls)] },
    );
  });
  afterAll(() => app.close());

  it("a token answer: the body read at once, no req.ip with rate limits off, one writeHead of one precomputed header list, no setHeader", async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await postInOneWrite(
          `${app.base}/fluz/pat-token`,
          JSON.stringify({ amount: "5.00", transactionType: "DEPOSIT" }),
        ),
      );
    }
    expect(calls).toHaveLength(3);
    for (const [i, c] of calls.entries()) {
      expect(c.setHeader).toEqual([]);
      expect(c.writeHead).toHaveLength(1);
      expect(c.writeHead[0]![0]).toBe(201);
      expect(c.ipReads).toBe(0);
      // The small body came with the headers: read at once, no listener, no timer.
      expect(c.dataListeners).toBe(0);
      // What the browser gets: the security headers, the JSON type and the exact length.
      const { status, headers, text } = answers[i]!;
      expect(status).toBe(201);
      expect(headers["cache-control"]).toBe("no-store");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["content-security-policy"]).toContain("default-src 'none'");
      expect(headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(headers["content-length"]).toBe(String(Buffer.byteLength(text)));
      expect(JSON.parse(text)).toHaveProperty("token");
    }
    // Precomputed: the very same header list every time, not one built per answer.
    const lists = calls.map((c) => c.writeHead[0]![1]);
    expect(Array.isArray(lists[0])).toBe(true);
    expect(lists[1]).toBe(lists[0]);
    expect(lists[2]).toBe(lists[0]);
  });

  it("a refusal is written the same way, and a cross-origin answer still carries its CORS headers", async () => {
    calls.length = 0;
    const bad = await app.post("/fluz/pat-token", { amount: "1e3", transactionType: "DEPOSIT" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("INVALID_REQUEST");
    expect(bad.headers.get("x-content-type-options")).toBe("nosniff");
    expect(calls[0]!.setHeader).toEqual([]);
    expect(calls[0]!.writeHead).toHaveLength(1);

    const cors = await app.post(
      "/fluz/pat-token",
      { amount: "5.00", transactionType: "DEPOSIT" },
      { origin: "https://shop.example" },
    );
    expect(cors.status).toBe(201);
    expect(cors.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(cors.headers.get("cache-control")).toBe("no-store");
    expect(calls[1]!.writeHead).toHaveLength(1);
  });

  it("with @opentelemetry/api installed and no SDK registered, a token request does no tracing work: no tracer asked for, no context entered", async () => {
    // (What a merchant app has when a dependency pulls the API in and no SDK is started.)
    expect(trace.getTracerProvider().getTracer("probe").startSpan("probe").isRecording()).toBe(
      false,
    );
    const getTracer = vi.spyOn(trace, "getTracer");
    const withContext = vi.spyOn(context, "with");
    try {
      for (let i = 0; i < 3; i++) {
        const res = await app.post("/fluz/pat-token", {
          amount: "5.00",
          transactionType: "DEPOSIT",
        });
        expect(res.status).toBe(201);
      }
      expect(getTracer).not.toHaveBeenCalled();
      expect(withContext).not.toHaveBeenCalled();
    } finally {
      getTracer.mockRestore();
      withContext.mockRestore();
    }
  });
});

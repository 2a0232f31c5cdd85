/**
 * One list of origins (issue 22, item 5): the app's own `cors()` reads
 * `allowedOrigins` through `tokens.corsOrigin`, so the merchant writes the
 * list once. Real Express, the real `cors` package, real HTTP.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import cors from "cors";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WidgetTokensMiddleware, widgetTokens } from "../src/index.js";
import { TEST_SECRET, identifyByHeader } from "./helpers/http.js";

const LISTED = "https://shop.example";

describe("tokens.corsOrigin feeds the app's cors()", () => {
  let server: Server;
  let tokens: WidgetTokensMiddleware;
  let url = "";

  beforeAll(async () => {
    tokens = widgetTokens({
      identify: identifyByHeader,
      allowedOrigins: [LISTED],
      rateLimit: { perUser: false, perIp: false },
      logger: { info() {}, warn() {}, error() {} },
      providers: { fluz: { apiKey: "fluz-key", apiSecret: TEST_SECRET } },
    });
    const app = express();
    app.use(cors({ origin: tokens.corsOrigin, credentials: true }));
    app.get("/api/cart", (_req, res) => {
      res.json({ items: [] });
    });
    app.use("/widget-tokens", tokens);
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await tokens.close();
  });

  it("allows a listed origin on the app's own route, with credentials", async () => {
    const res = await fetch(`${url}/api/cart`, { headers: { origin: LISTED } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("gives a foreign origin no CORS header, and answers a preflight only for a listed one", async () => {
    const foreign = await fetch(`${url}/api/cart`, { headers: { origin: "https://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = (origin: string) =>
      fetch(`${url}/api/cart`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
    expect((await preflight(LISTED)).headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(
      (await preflight("https://evil.example")).headers.get("access-control-allow-origin"),
    ).toBeNull();
  });

  it("the token route still refuses a foreign origin itself (403), whatever cors() did", async () => {
    const res = await fetch(`${url}/widget-tokens/fluz/pat-token`, {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "content-type": "application/json",
        "x-test-user": "u1",
      },
      body: JSON.stringify({ amount: "5.00", transactionType: "DEPOSIT" }),
    });
    expect(res.status).toBe(403);
    const listed = await fetch(`${url}/widget-tokens/fluz/pat-token`, {
      method: "POST",
      headers: { origin: LISTED, "content-type": "application/json", "x-test-user": "u1" },
      body: JSON.stringify({ amount: "5.00", transactionType: "DEPOSIT" }),
    });
    expect(listed.status).toBe(201);
    expect(listed.headers.get("access-control-allow-origin")).toBe(LISTED);
  });
});

/**
 * Issue 22, item 4 (in part): what the merchant-API proxy relays from the
 * provider. A `__proto__` key (or `constructor.prototype`) in the provider's
 * answer never reaches the browser. A real local HTTP upstream stands in for
 * the provider.
 */
import { once } from "node:events";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MerchantApiClient, createMerchantApiClient } from "../src/index.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

const ANSWER =
  '{"id":"c1","__proto__":{"isAdmin":true},"nested":{"constructor":{"prototype":{"x":1}},"ok":true}}';

describe("the merchant-API proxy's relayed answer", () => {
  let upstream: Server;
  let client: MerchantApiClient;
  let app: TestApp;

  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      res.writeHead(201, { "content-type": "application/json" }).end(ANSWER);
    });
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    client = createMerchantApiClient({
      baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      apiKey: "relay-test-api-key-0123456789",
    });
    app = await startTestApp({
      providers: {
        merchantApi: { client, expose: [{ method: "POST", path: "/v2/customer/create" }] },
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await client.close();
    upstream.closeAllConnections();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it("drops __proto__ and constructor.prototype keys, keeps the rest", async () => {
    const res = await app.post("/merchant-api/v2/customer/create", { email: "a@b.example" });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain("__proto__");
    expect(text).not.toContain("prototype");
    expect(JSON.parse(text)).toEqual({ id: "c1", nested: { ok: true } });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Store, memoryStore } from "../src/index.js";
import { type TestApp, startTestApp } from "./helpers/http.js";
import {
  CUSTOMER,
  MERCHANT,
  type MerchantSandboxServer,
  merchantLogin,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";

const expose = [{ method: "POST" as const, path: "/v2/customer/create" }];

describe("a merchant-API client made by the middleware from its options", () => {
  let upstream: MerchantSandboxServer;
  let store: Store;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    upstream = await startMerchantSandbox();
    store = memoryStore();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await store.close();
    await upstream.close();
  });

  const start = () =>
    startTestApp({
      store,
      providers: {
        merchantApi: {
          client: merchantLogin(upstream.baseUrl),
          expose,
        },
      },
    }).then((app) => {
      apps.push(app);
      return app;
    });

  it("keeps its session in the middleware's store: two instances, one login", async () => {
    const [a, b] = [await start(), await start()];
    expect((await a.post("/merchant-api/v2/customer/create", CUSTOMER)).status).toBe(201);
    expect((await b.post("/merchant-api/v2/customer/create", CUSTOMER)).status).toBe(201);
    const logins = upstream.seen.filter((s) => s.url === "/merchant-api/v2/auth/login");
    expect(logins).toHaveLength(1);
  });

  it("is closed by the middleware's one close(): no socket to the provider is left open", async () => {
    const app = await start();
    expect((await app.post("/merchant-api/v2/customer/create", CUSTOMER)).status).toBe(201);
    await app.tokens.close();
    await upstream.connectionsClosed();
    // The password never reaches a log line, though the middleware made the client.
    expect(app.log.join("\n")).not.toContain(MERCHANT.password);
  });
});

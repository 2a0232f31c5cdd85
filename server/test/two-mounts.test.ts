/**
 * Issue 22, item 2: the middleware composes with the rest of the app. A path
 * below the mount that no route of this instance owns goes to `next()`, so two
 * instances on one path (each provider page pasted as written) both answer,
 * and the app's own routes and 404 still work under the mount.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import express4 from "express4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { widgetTokens } from "../src/index.js";
import { TEST_SECRET, captureLogger, identifyByHeader } from "./helpers/http.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const impact = { accountSid: "AC-two-mounts", authToken: TEST_SECRET, tenantAlias: "t" };

describe.each([5, 4] as const)("two widgetTokens on one path, Express %i", (version) => {
  let server: Server;
  let base = "";
  const log: string[] = [];
  const first = widgetTokens({
    identify: identifyByHeader,
    logger: captureLogger(log),
    providers: { fluz },
  });
  const second = widgetTokens({
    identify: identifyByHeader,
    logger: captureLogger(log),
    providers: { impact },
    loader: false,
  });

  beforeAll(async () => {
    const app = version === 4 ? express4() : express();
    const use = app.use.bind(app) as (path: string, handler: unknown) => void;
    use("/widget-tokens", first);
    use("/widget-tokens", second);
    use("/widget-tokens/status", (_req: unknown, res: { json(body: unknown): void }) =>
      res.json({ app: "own route" }),
    );
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget-tokens`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await Promise.all([first.close(), second.close()]);
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-user": "user-1" },
      body: JSON.stringify(body),
    });

  it("each instance answers its own provider's route", async () => {
    const fluzRes = await post("/fluz/pat-token", { amount: "5.00", transactionType: "DEPOSIT" });
    expect(fluzRes.status).toBe(201);
    expect(await fluzRes.json()).toMatchObject({ token: expect.any(String) });
    const impactRes = await post("/impact/user-token", {});
    expect(impactRes.status).toBe(201);
    expect(await impactRes.json()).toMatchObject({ token: expect.any(String) });
  });

  it("the app's own route under the mount is reached", async () => {
    const res = await fetch(`${base}/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ app: "own route" });
  });

  it("a path no instance owns gets the app's 404; below an owned segment, the JSON 404", async () => {
    const unknown = await post("/admin", {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^text\/html/);
    const owned = await post("/fluz/other", {});
    expect(owned.status).toBe(404);
    expect(await owned.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such route" } });
    // The wrong method on an owned route is still that instance's 405.
    const wrong = await fetch(`${base}/impact/user-token`);
    expect(wrong.status).toBe(405);
    expect(log.filter((l) => /unexpected|INTERNAL/.test(l))).toEqual([]);
  });
});

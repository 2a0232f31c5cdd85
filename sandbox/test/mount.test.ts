import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GR4VY_TEST_CARDS,
  createSandboxHooks,
  resolveSandboxProviders,
  sandboxControlRoutes,
  sandboxFluz,
  sandboxGr4vy,
} from "@widget-tokens/sandbox";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "./helpers/http.js";
import { fluzToken, gr4vyToken } from "./helpers/tokens.js";

describe("stand-ins mounted in an existing Express app", () => {
  const { options, credentials } = resolveSandboxProviders(["fluz", "gr4vy"]);
  const hooks = createSandboxHooks();
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const app = express();
    app.get("/health", (_req, res) => {
      res.json({ ok: true });
    });
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app.use(sandboxFluz(options.fluz!, origin, hooks));
    app.use(sandboxGr4vy(options.gr4vy!, origin, hooks));
    app.use(sandboxControlRoutes(hooks));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("serves the app's own routes and the stand-ins side by side, sharing one inspector", async () => {
    expect((await send(`${origin}/health`)).json).toEqual({ ok: true });
    const script = await send(`${origin}/fluz/widget.js`);
    expect(script.text).toContain(JSON.stringify(origin));
    await send(`${origin}/fluz/api/verify`, { token: await fluzToken(credentials.fluz!) });
    expect(hooks.inspect.tokens()).toHaveLength(1);
    expect((await send(`${origin}/__inspect?provider=fluz`)).json.tokens).toHaveLength(1);
  });

  it("obeys the shared fault switches", async () => {
    hooks.faults.set({ kind: "500", provider: "fluz" });
    try {
      const res = await send(`${origin}/fluz/api/verify`, {
        token: await fluzToken(credentials.fluz!),
      });
      expect(res.status).toBe(500);
    } finally {
      hooks.faults.clear();
    }
  });

  it.each(Object.entries(GR4VY_TEST_CARDS))("Gr4vy test card %s gets %o", async (_name, card) => {
    const session = await send(`${origin}/gr4vy/api/embed-session`, {
      token: await gr4vyToken(credentials.gr4vy!),
      options: { amount: 1299, currency: "USD", buyerExternalIdentifier: "user-42" },
    });
    const tx = await send(`${origin}/gr4vy/api/transactions`, {
      sessionId: session.json.sessionId,
      card: { number: card.number, expiry: "12/40", cvv: "123" },
    });
    expect(tx.json).toMatchObject({
      status: card.status,
      paymentMethod: { scheme: card.scheme, label: card.number.slice(-4) },
    });
  });
});

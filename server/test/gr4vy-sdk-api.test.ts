import { Gr4vy, withToken } from "@gr4vy/sdk";
import type { Sandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { payInSandbox } from "./helpers/gr4vy-pay.js";
import { gr4vyOn, startGr4vyStandIn } from "./helpers/gr4vy-stand-in.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

/**
 * The sandbox's checkout sessions and transactions, as `@gr4vy/sdk` calls
 * and parses them (its response schemas reject a missing required field):
 * what the middleware's server-side calls rely on answers as Gr4vy's does.
 */
const keys = p521KeyPair();

describe("Gr4vy API parity: @gr4vy/sdk against the sandbox", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let gr4vy: Gr4vy;

  beforeAll(async () => {
    sandbox = await startGr4vyStandIn(keys);
    gr4vy = new Gr4vy({
      serverURL: `${sandbox.url}/gr4vy/api`,
      bearerAuth: withToken({ privateKey: keys.privatePem }),
    });
    app = await startTestApp({
      providers: {
        gr4vy: gr4vyOn(
          keys,
          {
            checkout: () => ({
              amount: 1299,
              currency: "USD",
              buyerExternalIdentifier: "user-1",
              cartItems: [{ name: "Mug", quantity: 1, unitAmount: 1299 }],
              metadata: { order: "o-1" },
            }),
          },
          sandbox,
        ),
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it("checkout sessions: create, get, update (the hour unchanged), delete", async () => {
    const created = await gr4vy.checkoutSessions.create({
      cartItems: [{ name: "Mug", quantity: 2, unitAmount: 500 }],
      metadata: { order: "sdk-1" },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const hour = created.expiresAt.getTime() - Date.now();
    expect(hour).toBeGreaterThan(3_500_000);
    expect(hour).toBeLessThanOrEqual(3_600_000);
    expect(created.cartItems?.[0]).toMatchObject({ name: "Mug", quantity: 2, unitAmount: 500 });

    const read = await gr4vy.checkoutSessions.get(created.id);
    expect(read).toEqual(created);

    const updated = await gr4vy.checkoutSessions.update(
      { cartItems: [{ name: "Mug", quantity: 3, unitAmount: 500 }], metadata: { order: "sdk-2" } },
      created.id,
    );
    expect(updated.cartItems?.[0]?.quantity).toBe(3);
    expect(updated.metadata).toEqual({ order: "sdk-2" });
    expect(updated.expiresAt).toEqual(created.expiresAt);

    await gr4vy.checkoutSessions.delete(created.id);
    await expect(gr4vy.checkoutSessions.get(created.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("the middleware's session is one the SDK reads; a paid transaction reads the same through the SDK and confirmGr4vyTransaction", async () => {
    const minted = (await (await app.post("/gr4vy/embed-token", {})).json()) as Record<
      string,
      unknown
    > & {
      token: string;
      checkoutSessionId: string;
    };
    const session = await gr4vy.checkoutSessions.get(minted.checkoutSessionId);
    expect(session.metadata).toEqual({ order: "o-1" });
    expect(session.cartItems?.[0]).toMatchObject({ name: "Mug", unitAmount: 1299 });

    const paid = { id: await payInSandbox(sandbox.url, minted) };

    const viaSdk = await gr4vy.transactions.get(paid.id);
    const confirmed = await app.tokens.confirmGr4vyTransaction(paid.id, {
      expected: { userId: "user-1" },
    });
    expect(confirmed.settled).toBe(true);
    expect(confirmed.transaction).toEqual({
      id: viaSdk.id,
      status: viaSdk.status,
      amount: viaSdk.amount,
      currency: viaSdk.currency,
      checkoutSessionId: viaSdk.checkoutSessionId,
      buyerExternalIdentifier: viaSdk.buyer?.externalIdentifier,
      paymentMethodLabel: viaSdk.paymentMethod?.label,
    });
    expect(viaSdk.checkoutSessionId).toBe(minted.checkoutSessionId);
  });
});

import { randomUUID } from "node:crypto";
import type { Sandbox } from "@widget-tokens/sandbox";
import { SignJWT, decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LedgerEntry, WidgetTokensError } from "../src/index.js";
import { keyId } from "../src/jwt/key-id.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { payInSandbox } from "./helpers/gr4vy-pay.js";
import { gr4vyOn, startGr4vyStandIn } from "./helpers/gr4vy-stand-in.js";
import { type TestApp, startTestApp } from "./helpers/http.js";

const keys = p521KeyPair();
const KID = await keyId(keys.privateKey);

/** The cart each user's `checkout` hook returns, switchable per test. */
const carts = new Map<string, { amount: number; items: number }>();
const checkoutFor = (userId: string) => {
  const cart = carts.get(userId) ?? { amount: 4598, items: 2 };
  return {
    amount: cart.amount,
    currency: "EUR",
    buyerExternalIdentifier: userId,
    metadata: { order: `order-${userId}` },
    cartItems: [{ name: "Socks", quantity: cart.items, unitAmount: cart.amount / cart.items }],
  };
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "resolved",
    (err: unknown) => (err instanceof WidgetTokensError ? err.code : String(err)),
  );
}

describe("Gr4vy checkout sessions and confirmation, on the sandbox", () => {
  let sandbox: Sandbox;
  let app: TestApp;
  const clock = { now: Date.now() };
  const settled: LedgerEntry[] = [];

  /** The merchant's own read of a checkout session, as Gr4vy answers it. */
  async function readSession(id: string) {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ scopes: ["checkout-sessions.read"] })
      .setProtectedHeader({ alg: "ES512", typ: "JWT", kid: KID })
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(keys.privateKey);
    const res = await fetch(`${sandbox.url}/gr4vy/api/checkout/sessions/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  const mint = async (user = "user-1") => {
    const res = await app.post("/gr4vy/embed-token", {}, { "x-test-user": user });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown> & { token: string; jti: string };
    const claims = decodeJwt(body.token) as { checkout_session_id?: string; exp: number };
    return { body, claims, sessionId: claims.checkout_session_id ?? "" };
  };

  const pay = (minted: Awaited<ReturnType<typeof mint>>, number?: string) =>
    payInSandbox(sandbox.url, minted.body, number);

  beforeAll(async () => {
    sandbox = await startGr4vyStandIn(keys);
    app = await startTestApp({
      now: () => clock.now,
      ledger: {
        onSettled: (entry) => {
          settled.push(entry);
        },
      },
      providers: {
        gr4vy: gr4vyOn(keys, { checkout: (_req, user) => checkoutFor(user.id) }, sandbox),
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    settled.length = 0;
    clock.now = Date.now();
    carts.clear();
  });

  it("creates a session with the cart and metadata, pins it, and reuses it across retries within its hour", async () => {
    const first = await mint("reuse-1");
    const session = await readSession(first.sessionId);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({
      type: "checkout-session",
      id: first.sessionId,
      metadata: { order: "order-reuse-1" },
      cart_items: [{ name: "Socks", quantity: 2, unit_amount: 2299 }],
    });
    const expiresAt = Date.parse(String(session.json.expires_at));
    // The embed token never outlives its session.
    expect(first.claims.exp * 1000).toBeLessThanOrEqual(expiresAt);
    expect(await app.tokens.ledger.lookup(first.sessionId)).toMatchObject({
      provider: "gr4vy",
      userId: "reuse-1",
      amount: 4598,
      currency: "EUR",
      transactionType: "PAYMENT",
      checkoutSessionId: first.sessionId,
      buyerExternalIdentifier: "reuse-1",
      status: "approved",
      expiresAt: new Date(expiresAt).toISOString(),
    });

    // A retry: the same session.
    const retry = await mint("reuse-1");
    expect(retry.sessionId).toBe(first.sessionId);
    // Another user: another session.
    expect((await mint("reuse-2")).sessionId).not.toBe(first.sessionId);

    // The cart changes: the session is updated, its hour unchanged (a new one would end later).
    carts.set("reuse-1", { amount: 6897, items: 3 });
    const updated = await mint("reuse-1");
    expect(updated.sessionId).toBe(first.sessionId);
    const after = await readSession(first.sessionId);
    expect(after.json).toMatchObject({
      cart_items: [{ quantity: 3 }],
      expires_at: session.json.expires_at,
    });
    expect((await app.tokens.ledger.lookup(first.sessionId))?.amount).toBe(6897);
  });

  it("the browser cannot name a checkout session", async () => {
    const res = await app.post("/gr4vy/embed-token", { checkoutSessionId: randomUUID() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(
      "checkoutSessionId",
    );
  });

  it("confirms a paid transaction against the pinned cart and settles it once; the next checkout gets a new session", async () => {
    const minted = await mint("payer-1");
    const id = await pay(minted);
    const confirmation = await app.tokens.confirmGr4vyTransaction(id, {
      expected: { userId: "payer-1" },
    });
    expect(confirmation).toMatchObject({
      settled: true,
      replayed: false,
      transaction: {
        id,
        status: "authorization_succeeded",
        amount: 4598,
        currency: "EUR",
        checkoutSessionId: minted.sessionId,
        buyerExternalIdentifier: "payer-1",
        paymentMethodLabel: "1111",
      },
      entry: {
        key: minted.sessionId,
        status: "settled",
        settlement: { amount: 4598, reference: id },
      },
    });
    expect(settled.map((e) => e.key)).toEqual([minted.sessionId]);
    // The page posts it twice (a reload): nothing more happens.
    const again = await app.tokens.confirmGr4vyTransaction(id, { expected: { userId: "payer-1" } });
    expect(again).toMatchObject({ settled: true, replayed: true });
    expect(settled).toHaveLength(1);
    // Another shopper presenting this transaction id gets nothing.
    expect(
      await codeOf(app.tokens.confirmGr4vyTransaction(id, { expected: { userId: "payer-2" } })),
    ).toBe("LEDGER_USER_MISMATCH");
    // Paid: the next checkout is a new session.
    expect((await mint("payer-1")).sessionId).not.toBe(minted.sessionId);
  });

  it("a declined payment settles nothing; an unknown or malformed id is refused", async () => {
    const minted = await mint("decliner");
    const id = await pay(minted, "4000000000000002");
    const confirmation = await app.tokens.confirmGr4vyTransaction(id, {
      expected: { userId: "decliner" },
    });
    expect(confirmation).toMatchObject({
      settled: false,
      transaction: { status: "authorization_declined" },
      entry: { status: "approved" },
    });
    expect(settled).toHaveLength(0);
    expect(
      await codeOf(
        app.tokens.confirmGr4vyTransaction(randomUUID(), { expected: { userId: "decliner" } }),
      ),
    ).toBe("GR4VY_TRANSACTION_NOT_FOUND");
    expect(
      await codeOf(
        app.tokens.confirmGr4vyTransaction("../admin", { expected: { userId: "decliner" } }),
      ),
    ).toBe("INVALID_REQUEST");
  });

  it("a transaction for another amount than the session's current cart is refused, and settles nothing", async () => {
    const minted = await mint("changer");
    const id = await pay(minted);
    // The cart changed after the payment form was opened: the session now pre-approves another amount.
    carts.set("changer", { amount: 1000, items: 1 });
    await mint("changer");
    const err = await app.tokens
      .confirmGr4vyTransaction(id, { expected: { userId: "changer" } })
      .catch((e: WidgetTokensError) => e);
    expect(err).toMatchObject({ code: "GR4VY_TRANSACTION_MISMATCH", field: "amount", status: 422 });
    expect((await app.tokens.ledger.lookup(minted.sessionId))?.status).toBe("approved");
    expect(settled).toHaveLength(0);
  });
});

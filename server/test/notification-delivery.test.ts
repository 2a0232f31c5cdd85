import {
  type NotificationDelivery,
  SCOPE_HEADER,
  type Sandbox,
  startSandbox,
} from "@widget-tokens/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JackpotIssued, LedgerEntry } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

const FLUZ = {
  apiKey: "fluz-delivery-key",
  apiSecret: TEST_SECRET,
  notificationSecret: "fluz-webhook-secret-for-delivery-0123456789",
};
const JACKPOT = {
  apiKey: "jackpot-delivery-key",
  apiSignature: "jackpot-delivery-signature-0123456789abcdef",
  notificationSecret: "jackpot-webhook-secret-for-delivery-012345",
};
const IMPACT = {
  accountSid: "IRdelivery",
  authToken: TEST_SECRET,
  tenantAlias: "test_delivery",
  notificationSecret: "impact-webhook-secret-for-delivery-0123456",
};
const DAY_MS = 86_400_000;

/**
 * The sandbox's notification sender against the real middleware, over
 * HTTP: each widget completes through the stand-in's own API, the sandbox
 * sends the provider's signed notifications, the notification route
 * settles the ledger. Each test sets its delivery faults for its own scope.
 */
describe("the sandbox's notifications settle the ledger, whatever the delivery does", () => {
  // The app's and the sender's clock: moved forward (never waited) for late deliveries.
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const settled: LedgerEntry[] = [];
  const seenAtSettlement: NotificationDelivery[][] = [];
  const issued: JackpotIssued[] = [];
  let sandbox: Sandbox;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({
      providers: { fluz: FLUZ, jackpot: JACKPOT, impact: IMPACT },
      // Retries at once: the backoff is the policy's, not what this test checks.
      notifications: { retry: { attempts: 3, firstDelayMs: 0 }, now },
    });
    app = await startTestApp({
      now,
      ledger: {
        onSettled: (entry) => {
          settled.push(entry);
          seenAtSettlement.push(sandbox.notifications.list({ key: entry.key }));
        },
      },
      providers: {
        fluz: {
          apiKey: FLUZ.apiKey,
          apiSecret: FLUZ.apiSecret,
          expiresIn: "1h",
          notifications: { secret: FLUZ.notificationSecret },
        },
        jackpot: {
          apiKey: JACKPOT.apiKey,
          apiSignature: JACKPOT.apiSignature,
          baseUrl: `${sandbox.url}/jackpot`,
          onIssued: (i) => {
            issued.push(i);
          },
          notifications: { secret: JACKPOT.notificationSecret },
        },
        impact: {
          accountSid: IMPACT.accountSid,
          authToken: IMPACT.authToken,
          tenantAlias: IMPACT.tenantAlias,
          notifications: { secret: IMPACT.notificationSecret },
        },
      },
    });
    sandbox.notifications.url = app.base;
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    clock.offset = 0;
    settled.length = 0;
    seenAtSettlement.length = 0;
  });

  /** POST JSON to a stand-in's widget API, as the widget page would (with the test's scope). */
  async function widgetCall(path: string, body: unknown, scope: string) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", [SCOPE_HEADER]: scope },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  /** Mint a patToken for `user`, open the Fluz widget with it and confirm: Fluz's webhooks go out. */
  async function completeFluz(scope: string, user = "shopper-1", amount = "50.00") {
    const res = await app.post(
      "/fluz/pat-token",
      { amount, transactionType: "DEPOSIT" },
      { "x-test-user": user },
    );
    expect(res.status).toBe(201);
    const { token, jti } = (await res.json()) as { token: string; jti: string };
    const { sessionId } = await widgetCall("/fluz/api/verify", { token }, scope);
    const { transactionId } = await widgetCall("/fluz/api/confirm", { sessionId }, scope);
    return { key: jti, reference: String(transactionId), user };
  }

  /** Exchange a Jackpot session for `user` and convert a voucher in it: Jackpot's notifications go out. */
  async function completeJackpot(scope: string, user = "shopper-1", amount = "25.00") {
    const res = await app.post("/jackpot/session-token", { amount }, { "x-test-user": user });
    expect(res.status).toBe(201);
    const { sessionToken } = (await res.json()) as { sessionToken: string };
    const key = issued.at(-1)!.notificationKey;
    const converted = await widgetCall(
      "/jackpot/api/convert",
      { sessionToken, voucherCode: "WIN-2026-0042" },
      scope,
    );
    return { key, reference: String(converted.conversionId), user };
  }

  /**
   * Mint an impact.com user JWT for a user the stand-in has not seen (one
   * per test) and render the widget with it, as squatch-js does: impact.com's
   * webhooks go out (`user.created`, then `user.widget.verified`).
   */
  async function completeImpact(scope: string) {
    const user = `${scope}-shopper`;
    const res = await app.post("/impact/user-token", {}, { "x-test-user": user });
    expect(res.status).toBe(201);
    const { token, jti } = (await res.json()) as { token: string; jti: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    const widget = await fetch(
      `${sandbox.url}/impact/api/v1/${IMPACT.tenantAlias}/widget/account/${user}/user/${user}/upsert?engagementMedium=EMBED&widgetType=p/referral-program/w/referrerWidget`,
      {
        method: "PUT",
        headers: {
          "content-type": "application/json",
          "x-saasquatch-user-token": token,
          [SCOPE_HEADER]: scope,
        },
        body: JSON.stringify(claims.user),
      },
    );
    expect(widget.status).toBe(200);
    // The event's id, the same on every delivery of it.
    return { key: jti, reference: expect.stringMatching(/^[0-9a-f]{24}$/), user };
  }

  const FLOWS = [
    {
      provider: "fluz" as const,
      complete: completeFluz,
      events: ["TRANSACTION_CREATE", "WIDGET_DEPOSIT_COMPLETE"],
      settles: "WIDGET_DEPOSIT_COMPLETE",
      amount: 5000,
    },
    {
      provider: "jackpot" as const,
      complete: completeJackpot,
      events: ["RESERVED", "READY"],
      settles: "RESERVED",
      amount: 2500,
    },
    {
      provider: "impact" as const,
      complete: completeImpact,
      events: ["user.created", "user.widget.verified"],
      settles: "user.widget.verified",
      amount: 0,
    },
  ];

  /** Every delivery of a completion, once each is delivered or failed. */
  async function allDone(key: string, count: number) {
    for (;;) {
      const list = sandbox.notifications.list({ key });
      if (
        list.length === count &&
        list.every((d) => d.state === "delivered" || d.state === "failed")
      ) {
        return list;
      }
      // Wait for the next delivery of this key to finish (an event, not the clock).
      const pending = list.find((d) => d.state !== "delivered" && d.state !== "failed");
      // The stand-in plans every delivery of a completion before its answer reaches the widget.
      if (!pending) throw new Error(`expected ${count} deliveries of ${key}, got ${list.length}`);
      await sandbox.notifications.waitFor({ id: pending.id });
    }
  }

  const lastOutcome = (d: NotificationDelivery) => d.attempts.at(-1)?.outcome;

  describe.each(FLOWS)("$provider", (flow) => {
    it("a completed widget's notifications settle its entry, signed as the adapter verifies", async () => {
      const { key, reference, user } = await flow.complete(`${flow.provider}-plain`);
      const deliveries = await allDone(key, 2);
      expect(deliveries.map((d) => [d.event, d.state, d.attempts.length, lastOutcome(d)])).toEqual(
        flow.events.map((event) => [
          event,
          "delivered",
          1,
          event === flow.settles ? "settled" : "ignored",
        ]),
      );
      expect(deliveries[0]!.url).toMatch(new RegExp(`^${app.base}/${flow.provider}/notifications`));
      expect(settled).toEqual([
        expect.objectContaining({
          key,
          provider: flow.provider,
          userId: user,
          status: "settled",
          settlement: expect.objectContaining({ amount: flow.amount, reference }),
        }),
      ]);
    });

    it("duplicate: both copies race, the entry is settled once and onSettled runs once", async () => {
      const scope = `${flow.provider}-duplicate`;
      sandbox.notifications.faults.set({ kind: "duplicate", provider: flow.provider, scope });
      const { key, reference } = await flow.complete(scope);
      const deliveries = await allDone(key, 4);
      const settling = deliveries.filter((d) => d.event === flow.settles);
      expect(settling.map((d) => d.copy)).toEqual([1, 2]);
      expect(settling.every((d) => d.state === "delivered")).toBe(true);
      // One copy settles; the other is acknowledged as a replay (after a 409 while the first held the lease, if it came then).
      expect(settling.map(lastOutcome).sort()).toEqual(["replayed", "settled"]);
      expect(settled.map((e) => [e.key, e.settlement?.reference])).toEqual([[key, reference]]);
      expect((await app.tokens.ledger.lookup(key))?.status).toBe("settled");
    });

    it("out-of-order: the later event first, then the settling one; the final state is settled", async () => {
      const scope = `${flow.provider}-out-of-order`;
      sandbox.notifications.faults.set({ kind: "out-of-order", provider: flow.provider, scope });
      const { key, reference } = await flow.complete(scope);
      const deliveries = await allDone(key, 2);
      // Sent in this order, each after the previous one's answer.
      expect(deliveries.map((d) => [d.event, lastOutcome(d)])).toEqual(
        [...flow.events]
          .reverse()
          .map((event) => [event, event === flow.settles ? "settled" : "ignored"]),
      );
      expect(await app.tokens.ledger.lookup(key)).toMatchObject({
        status: "settled",
        settlement: { amount: flow.amount, reference },
      });
      expect(settled).toHaveLength(1);
    });

    it("bad signature: 401 and nothing settled, then the retry signed right settles", async () => {
      const scope = `${flow.provider}-bad-signature`;
      sandbox.notifications.faults.set({ kind: "bad-signature", provider: flow.provider, scope });
      const { key, reference } = await flow.complete(scope);
      const deliveries = await allDone(key, 2);
      for (const d of deliveries) {
        expect(d.attempts.map((a) => [a.signature, a.status, a.outcome])).toEqual([
          ["invalid", 401, "NOTIFICATION_SIGNATURE_INVALID"],
          ["valid", 200, d.event === flow.settles ? "settled" : "ignored"],
        ]);
      }
      // When onSettled ran, the forged attempt had been answered (401) and the good one not yet.
      const atSettlement = seenAtSettlement[0]!.find((d) => d.event === flow.settles)!;
      expect(atSettlement.attempts.map((a) => a.status)).toEqual([401]);
      expect(settled.map((e) => e.settlement?.reference)).toEqual([reference]);
    });

    it("late: held past the token's expiry, then released: refused LEDGER_EXPIRED, nothing settled", async () => {
      const scope = `${flow.provider}-late`;
      sandbox.notifications.faults.set({ kind: "late", provider: flow.provider, scope });
      const { key } = await flow.complete(scope);
      const held = await sandbox.notifications.waitForHeld({ key, event: flow.settles });
      expect(held.attempts).toEqual([]);
      expect((await app.tokens.ledger.lookup(key))?.status).toBe("approved");
      // Two days pass (for the app and the sender alike), then the provider delivers.
      clock.offset = 2 * DAY_MS;
      expect(sandbox.notifications.release({ key })).toBe(1);
      const settling = (await allDone(key, 2)).find((d) => d.event === flow.settles)!;
      expect(settling.state).toBe("failed");
      expect(settling.attempts.map((a) => [a.status, a.outcome])).toEqual(
        Array(sandbox.notifications.retry.attempts).fill([410, "LEDGER_EXPIRED"]),
      );
      expect(await app.tokens.ledger.lookup(key)).toMatchObject({ status: "expired" });
      expect((await app.tokens.ledger.lookup(key))?.settlement).toBeUndefined();
      expect(settled).toEqual([]);
    });
  });

  it("sandbox.reset for a scope drops its held notifications and its switches, nothing else", async () => {
    const scope = "reset-late";
    sandbox.notifications.faults.set({ kind: "late", provider: "fluz", scope });
    const other = sandbox.notifications.faults.set({ kind: "duplicate", scope: "another-test" });
    const { key } = await completeFluz(scope);
    await sandbox.notifications.waitForHeld({ key });
    // The switch and the two held notifications (and what the Fluz stand-in kept of the scope).
    expect(sandbox.reset({ scope }).state).toBeGreaterThanOrEqual(3);
    expect(sandbox.notifications.list({ key }).map((d) => [d.state, d.attempts.length])).toEqual([
      ["failed", 0],
      ["failed", 0],
    ]);
    expect(sandbox.notifications.release({ key })).toBe(0);
    const left = sandbox.notifications.faults.list();
    expect(left.filter((r) => r.scope === scope)).toEqual([]);
    expect(left.map((r) => r.id)).toContain(other.id);
    sandbox.notifications.faults.remove(other.id);
    expect((await app.tokens.ledger.lookup(key))?.status).toBe("approved");
    expect(settled).toEqual([]);
  });

  it("the control routes over HTTP: a late switch, the held delivery listed, released by POST", async () => {
    const scope = "http-control";
    const post = (path: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const set = await post("/__notifications/faults", { kind: "late", provider: "jackpot", scope });
    expect(set.status).toBe(201);
    expect(
      (await post("/__notifications/faults", { kind: "early", provider: "jackpot" })).status,
    ).toBe(400);
    const { key, reference } = await completeJackpot(scope);
    await sandbox.notifications.waitForHeld({ key });
    const listed = (await (await fetch(`${sandbox.url}/__notifications?key=${key}`)).json()) as {
      deliveries: NotificationDelivery[];
    };
    expect(listed.deliveries.map((d) => [d.event, d.state])).toEqual([
      ["RESERVED", "held"],
      ["READY", "held"],
    ]);
    const released = await post("/__notifications/release", { key });
    expect(await released.json()).toEqual({ released: 1 });
    await allDone(key, 2);
    expect(settled.map((e) => e.settlement?.reference)).toEqual([reference]);
    const cleared = await fetch(`${sandbox.url}/__notifications/faults?scope=${scope}`, {
      method: "DELETE",
    });
    expect(await cleared.json()).toEqual({ cleared: 1 });
  });
});

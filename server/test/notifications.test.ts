import {
  type JackpotSandboxControl,
  type Sandbox,
  jackpotSandboxControl,
  startSandbox,
} from "@widget-tokens/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type JackpotIssued,
  type LedgerEntry,
  WidgetTokensOptionError,
  widgetTokens,
} from "../src/index.js";
import { signNotification } from "../src/notifications/verify-hmac.js";
import { TEST_SECRET, type TestApp, identifyByHeader, startTestApp } from "./helpers/http.js";

const FLUZ_SECRET = "fluz-webhook-secret-0123456789abcdef-0123";
const JACKPOT_SECRET = "jackpot-webhook-secret-0123456789abcdef-01";
const IMPACT_SECRET = "impact-webhook-secret-0123456789abcdef-012";
const JACKPOT = {
  apiKey: "jackpot-notify-key",
  apiSignature: "jackpot-notify-signature-0123456789abcdef-0123",
};

interface Signed {
  secret?: string;
  /** Seconds since the epoch; default: the app's clock. */
  timestamp?: number;
  /** Headers to send instead of the computed ones. */
  headers?: Record<string, string>;
  /** Sign this text but send the body (a tampered body). */
  signedText?: string;
  query?: string;
  contentType?: string;
}

describe("provider notifications settle the ledger", () => {
  const clock = { now: Date.now() };
  const settled: LedgerEntry[] = [];
  const issued: JackpotIssued[] = [];
  let failSettled = 0;
  let sandbox: Sandbox;
  let app: TestApp;
  const control: JackpotSandboxControl = jackpotSandboxControl();

  beforeAll(async () => {
    sandbox = await startSandbox({ providers: { jackpot: { ...JACKPOT, control } } });
    app = await startTestApp({
      now: () => clock.now,
      bodyLimit: 2048,
      ledger: {
        onSettled: (entry) => {
          if (failSettled-- > 0) throw new Error("the shop's database is down");
          settled.push(entry);
        },
      },
      providers: {
        fluz: {
          apiKey: "fluz-key",
          apiSecret: TEST_SECRET,
          expiresIn: "1h",
          notifications: { secret: FLUZ_SECRET },
        },
        jackpot: {
          ...JACKPOT,
          baseUrl: `${sandbox.url}/jackpot`,
          onIssued: (i) => {
            issued.push(i);
          },
          notifications: { secret: JACKPOT_SECRET, toleranceSeconds: 60 },
        },
        impact: {
          accountSid: "IRnotify",
          authToken: TEST_SECRET,
          tenantAlias: "test_notify",
          notifications: { secret: IMPACT_SECRET },
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    settled.length = 0;
    failSettled = 0;
  });

  async function mintFluz(user = "user-1", amount = "50.00", transactionType = "DEPOSIT") {
    const res = await app.post(
      "/fluz/pat-token",
      { amount, transactionType },
      { "x-test-user": user },
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { jti: string }).jti;
  }

  const schemes = {
    fluz: [FLUZ_SECRET, "x-hmac-signature", "x-hmac-timestamp"],
    jackpot: [JACKPOT_SECRET, "x-jackpot-signature", "x-jackpot-timestamp"],
    impact: [IMPACT_SECRET, "x-impact-signature", "x-impact-timestamp"],
  } as const;

  async function notify(provider: keyof typeof schemes, body: unknown, o: Signed = {}) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const timestamp = o.timestamp ?? Math.floor(clock.now / 1000);
    const [defaultSecret, ...names] = schemes[provider];
    const signature = signNotification(o.secret ?? defaultSecret, timestamp, o.signedText ?? text);
    const res = await fetch(`${app.base}/${provider}/notifications${o.query ?? ""}`, {
      method: "POST",
      headers: {
        "content-type": o.contentType ?? "application/json",
        ...(o.headers ?? { [names[0]!]: signature, [names[1]!]: String(timestamp) }),
      },
      body: text,
    });
    const json = (await res.json()) as { status?: string; error?: { code: string } };
    return { status: res.status, body: json, code: json.error?.code };
  }

  const fluzEvent = (jti: string, over: Record<string, unknown> = {}) => ({
    eventType: "WIDGET_DEPOSIT_COMPLETE",
    externalReference: jti,
    externalId: "user-1",
    amount: 50,
    transactionId: `fluz-tx-${jti}`,
    userId: "550e8400-e29b-41d4-a716-446655440000",
    ...over,
  });

  it("a verified Fluz notification settles its entry once; a retry is a no-op", async () => {
    const jti = await mintFluz();
    expect(await notify("fluz", fluzEvent(jti, { amount: "40.00" }))).toEqual({
      status: 200,
      body: { status: "settled" },
      code: undefined,
    });
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({
      key: jti,
      provider: "fluz",
      userId: "user-1",
      amount: 5000,
      currency: "USD",
      transactionType: "DEPOSIT",
      status: "settled",
      settlement: { amount: 4000, reference: `fluz-tx-${jti}` },
    });
    // Fluz retries (a lost 200): the same event is acknowledged, nothing runs twice.
    expect(await notify("fluz", fluzEvent(jti, { amount: "40.00" }))).toMatchObject({
      status: 200,
      body: { status: "replayed" },
    });
    expect(settled).toHaveLength(1);
    expect(await app.tokens.ledger.lookup(jti)).toEqual(settled[0]);
  });

  it("refuses every hostile notification with its documented 4xx and settles nothing", async () => {
    const jti = await mintFluz();
    const other = await mintFluz("user-2");
    const withdrawal = await mintFluz("user-1", "10.00", "WITHDRAW");
    const event = fluzEvent(jti);
    const now = Math.floor(clock.now / 1000);
    const cases: Array<
      [string, Promise<{ status: number; code?: string | undefined }>, number, string]
    > = [
      [
        "wrong secret",
        notify("fluz", event, { secret: `${FLUZ_SECRET}x` }),
        401,
        "NOTIFICATION_SIGNATURE_INVALID",
      ],
      [
        "body changed after signing",
        notify(
          "fluz",
          { ...event, amount: 50 },
          { signedText: JSON.stringify({ ...event, amount: 5 }) },
        ),
        401,
        "NOTIFICATION_SIGNATURE_INVALID",
      ],
      [
        "no signature",
        notify("fluz", event, { headers: { "x-hmac-timestamp": String(now) } }),
        401,
        "NOTIFICATION_SIGNATURE_INVALID",
      ],
      [
        "signature of another timestamp",
        notify("fluz", event, {
          headers: {
            "x-hmac-signature": signNotification(FLUZ_SECRET, now - 1, JSON.stringify(event)),
            "x-hmac-timestamp": String(now),
          },
        }),
        401,
        "NOTIFICATION_SIGNATURE_INVALID",
      ],
      [
        "replayed after the tolerance",
        notify("fluz", event, { timestamp: now - 301 }),
        401,
        "NOTIFICATION_STALE",
      ],
      [
        "dated in the future",
        notify("fluz", event, { timestamp: now + 301 }),
        401,
        "NOTIFICATION_STALE",
      ],
      [
        "above the approval",
        notify("fluz", fluzEvent(jti, { amount: 50.01 })),
        422,
        "LEDGER_AMOUNT_EXCEEDED",
      ],
      ["another user's key", notify("fluz", fluzEvent(other)), 422, "LEDGER_USER_MISMATCH"],
      [
        "a withdrawal's key as a deposit",
        notify("fluz", fluzEvent(withdrawal, { amount: 10 })),
        422,
        "LEDGER_TYPE_MISMATCH",
      ],
      [
        "unknown key",
        notify("fluz", fluzEvent("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")),
        404,
        "LEDGER_UNKNOWN_KEY",
      ],
      [
        "body over the limit",
        notify("fluz", fluzEvent(jti, { pad: "x".repeat(4096) })),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [
        "not JSON",
        notify("fluz", "eventType=WIDGET_DEPOSIT_COMPLETE", {
          contentType: "application/x-www-form-urlencoded",
        }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      ["malformed JSON, validly signed", notify("fluz", '{"eventType":'), 400, "INVALID_REQUEST"],
      [
        "amount not a number",
        notify("fluz", fluzEvent(jti, { amount: "lots" })),
        400,
        "INVALID_REQUEST",
      ],
      [
        "no key",
        notify("fluz", fluzEvent(jti, { externalReference: undefined })),
        400,
        "INVALID_REQUEST",
      ],
    ];
    for (const [name, answer, status, code] of cases) {
      expect({ name, ...(await answer) }).toMatchObject({ name, status, code });
    }
    const get = await fetch(`${app.base}/fluz/notifications`);
    expect(get.status).toBe(405);
    expect(settled).toHaveLength(0);
    for (const key of [jti, other, withdrawal]) {
      expect((await app.tokens.ledger.lookup(key))?.status).toBe("approved");
    }
  });

  it("acknowledges an event the ledger has no part in, and changes nothing", async () => {
    const jti = await mintFluz();
    expect(
      await notify("fluz", fluzEvent(jti, { eventType: "WIDGET_KYC_INITIATION" })),
    ).toMatchObject({
      status: 200,
      body: { status: "ignored" },
    });
    expect((await app.tokens.ledger.lookup(jti))?.status).toBe("approved");
  });

  it("a Jackpot reservation settles the notificationKey's entry; a Fluz key on Jackpot's route is refused", async () => {
    const res = await app.post("/jackpot/session-token", { amount: "25.00" });
    expect(res.status).toBe(201);
    const key = issued.at(-1)!.notificationKey;
    const voucher = {
      id: "d9708add-6307-418b-a3fc-8c82aa11c9a9",
      state: "RESERVED",
      value: 27.5,
      price: 25,
    };
    const fluzKey = await mintFluz();
    expect((await notify("jackpot", voucher, { query: `?notificationKey=${fluzKey}` })).code).toBe(
      "LEDGER_PROVIDER_MISMATCH",
    );
    expect(
      (await notify("jackpot", { ...voucher, price: 25.01 }, { query: `?notificationKey=${key}` }))
        .code,
    ).toBe("LEDGER_AMOUNT_EXCEEDED");
    // Jackpot's tolerance here is 60 s.
    expect(
      (
        await notify("jackpot", voucher, {
          query: `?notificationKey=${key}`,
          timestamp: Math.floor(clock.now / 1000) - 61,
        })
      ).code,
    ).toBe("NOTIFICATION_STALE");
    expect(await notify("jackpot", voucher, { query: `?notificationKey=${key}` })).toMatchObject({
      status: 200,
      body: { status: "settled" },
    });
    expect(
      settled.map((e) => [e.provider, e.key, e.transactionType, e.settlement?.amount]),
    ).toEqual([["jackpot", key, "VOUCHER", 2500]]);
    // Later states of the same voucher are acknowledged without a second settlement.
    expect(
      await notify(
        "jackpot",
        { ...voucher, state: "AVAILABLE" },
        { query: `?notificationKey=${key}` },
      ),
    ).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect(settled).toHaveLength(1);
  });

  it("impact.com: the widget-verified event settles the user JWT's entry at 0, once; other events are ignored", async () => {
    const mint = async (user: string) => {
      const res = await app.post("/impact/user-token", {}, { "x-test-user": user });
      expect(res.status).toBe(201);
      return ((await res.json()) as { jti: string }).jti;
    };
    const jti = await mint("user-1");
    const other = await mint("user-2");
    const event = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
      id: `evt-${jti}`,
      type: "user.widget.verified",
      tenantAlias: "test_notify",
      live: false,
      created: clock.now,
      data: { id: "user-1", accountId: "user-1", jti, ...data },
      ...over,
    });
    // A published SaaSquatch event the ledger has no part in.
    expect(await notify("impact", event({ type: "user.created" }))).toMatchObject({
      status: 200,
      body: { status: "ignored" },
    });
    expect((await notify("impact", event(), { secret: FLUZ_SECRET })).code).toBe(
      "NOTIFICATION_SIGNATURE_INVALID",
    );
    expect(
      (await notify("impact", event(), { timestamp: Math.floor(clock.now / 1000) - 301 })).code,
    ).toBe("NOTIFICATION_STALE");
    expect((await notify("impact", event({}, { jti: other }))).code).toBe("LEDGER_USER_MISMATCH");
    expect((await notify("impact", event({}, { jti: await mintFluz() }))).code).toBe(
      "LEDGER_PROVIDER_MISMATCH",
    );
    // Fluz's route, an impact.com key: refused too, whatever the amount.
    expect((await notify("fluz", fluzEvent(jti, { amount: 1 }))).code).toBe(
      "LEDGER_PROVIDER_MISMATCH",
    );
    expect((await notify("impact", event({}, { jti: undefined }))).code).toBe("INVALID_REQUEST");
    expect(settled).toEqual([]);

    expect(await notify("impact", event())).toMatchObject({
      status: 200,
      body: { status: "settled" },
    });
    expect(await notify("impact", event())).toMatchObject({
      status: 200,
      body: { status: "replayed" },
    });
    // Another event for the same token: it was settled once, by the first.
    expect((await notify("impact", event({ id: "evt-other" }))).code).toBe(
      "LEDGER_ALREADY_SETTLED",
    );
    expect(settled).toEqual([
      expect.objectContaining({
        key: jti,
        provider: "impact",
        userId: "user-1",
        amount: 0,
        currency: "XXX",
        transactionType: "REFERRAL_WIDGET",
        status: "settled",
        settlement: expect.objectContaining({ amount: 0, reference: `evt-${jti}` }),
      }),
    ]);
    expect((await app.tokens.ledger.lookup(other))?.status).toBe("approved");
  });

  it("an expired pre-approval is refused with 410; onSettled that throws is retried by the provider", async () => {
    const late = await mintFluz();
    const jti = await mintFluz();
    const start = clock.now;
    try {
      clock.now = start + 3_600_000;
      expect((await notify("fluz", fluzEvent(late))).code).toBe("LEDGER_EXPIRED");
    } finally {
      clock.now = start;
    }
    failSettled = 1;
    expect(await notify("fluz", fluzEvent(jti))).toMatchObject({
      status: 500,
      code: "INTERNAL_ERROR",
    });
    expect(settled).toHaveLength(0);
    expect(await notify("fluz", fluzEvent(jti))).toMatchObject({
      status: 200,
      body: { status: "replayed" },
    });
    expect(settled.map((e) => e.key)).toEqual([jti]);
    expect(app.log.join("\n")).toMatch(/onSettled threw/);
    expect(app.log.join("\n")).not.toContain(FLUZ_SECRET);
  });
});

describe("notification options", () => {
  const build = (notifications: unknown) => () =>
    widgetTokens({
      identify: identifyByHeader,
      providers: {
        fluz: { apiKey: "k", apiSecret: TEST_SECRET, notifications: notifications as never },
      },
    });

  it("names the option at fault", () => {
    expect(build({})).toThrow(WidgetTokensOptionError);
    expect(build({})).toThrow(/providers\.fluz\.notifications\.secret/);
    expect(build({ secret: "short" })).toThrow(
      /providers\.fluz\.notifications\.secret" must be at least 32 bytes/,
    );
    expect(build({ secret: FLUZ_SECRET, verify: () => true })).toThrow(/cannot be set together/);
    expect(build({ secret: FLUZ_SECRET, toleranceSeconds: 0 })).toThrow(/toleranceSeconds/);
    expect(build({ secret: FLUZ_SECRET, sekret: 1 })).toThrow(/sekret/);
  });

  it("a custom verify decides alone", async () => {
    const app = await startTestApp({
      providers: {
        fluz: {
          apiKey: "k",
          apiSecret: TEST_SECRET,
          notifications: { verify: ({ headers }) => headers.authorization === "Bearer shared" },
        },
      },
    });
    try {
      const jti = (
        (await (
          await app.post("/fluz/pat-token", { amount: "5", transactionType: "DEPOSIT" })
        ).json()) as { jti: string }
      ).jti;
      const body = JSON.stringify({
        eventType: "WIDGET_DEPOSIT_COMPLETE",
        externalReference: jti,
        externalId: "user-1",
        amount: 5,
        transactionId: "t-1",
      });
      const send = (authorization: string) =>
        fetch(`${app.base}/fluz/notifications`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body,
        });
      expect((await send("Bearer forged")).status).toBe(401);
      expect(await (await send("Bearer shared")).json()).toEqual({ status: "settled" });
    } finally {
      await app.close();
    }
  });
});

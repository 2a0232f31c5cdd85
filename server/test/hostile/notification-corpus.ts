import { signNotification } from "../../src/notifications/verify-hmac.js";
import type { HostileCase } from "./corpus.js";
import { MOUNT } from "./corpus.js";

export const FLUZ_NOTIFY_SECRET = "fluz-hostile-webhook-secret-0123456789abcdef";
export const JACKPOT_NOTIFY_SECRET = "jackpot-hostile-webhook-secret-0123456789ab";
export const IMPACT_NOTIFY_SECRET = "impact-hostile-webhook-secret-0123456789abc";

/** Pre-approvals issued before the corpus runs: what the hostile notifications aim at. */
export interface NotificationTargets {
  /** The hostile user's Fluz DEPOSIT of 50.00. */
  fluzKey: string;
  /** Another user's Fluz DEPOSIT of 50.00. */
  otherUserKey: string;
  /** The hostile user's Jackpot conversion of 25.00. */
  jackpotKey: string;
  /** The hostile user's impact.com user JWT (`jti`): an entry for nothing. */
  impactKey: string;
  /** Another user's impact.com user JWT. */
  otherUserImpactKey: string;
}

type Headers = Array<[string, string]>;

const JSON_TYPE: [string, string] = ["Content-Type", "application/json"];

/**
 * The headers of a notification signed as the adapters verify it:
 * `<prefix>-Signature` over `<ts>.<body>`, `<prefix>-Timestamp`; a test may
 * sign with another secret, another time, or other text than it sends.
 */
function signer(secret: string, prefix: string, now: number) {
  return (body: string, o: { secret?: string; ts?: number; signed?: string } = {}): Headers => {
    const ts = o.ts ?? now;
    return [
      JSON_TYPE,
      [`${prefix}-Signature`, signNotification(o.secret ?? secret, ts, o.signed ?? body)],
      [`${prefix}-Timestamp`, String(ts)],
    ];
  };
}

/**
 * Hostile server-to-server notifications: forged, tampered, unsigned,
 * replayed, above the approval, another user's key, another provider's key,
 * over the body limit, malformed. Each one must get its documented 4xx and
 * settle nothing (the test checks the ledger and `onSettled` after).
 *
 * @example
 * cases.push(...notificationCorpus(targets, Math.floor(Date.now() / 1000)));
 */
export function notificationCorpus(t: NotificationTargets, now: number): HostileCase[] {
  const fluzPath = `${MOUNT}/fluz/notifications`;
  const jackpotPath = (key?: string) =>
    `${MOUNT}/jackpot/notifications${key === undefined ? "" : `?notificationKey=${encodeURIComponent(key)}`}`;
  const fluzEvent = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      eventType: "WIDGET_DEPOSIT_COMPLETE",
      externalReference: t.fluzKey,
      externalId: "hostile-user",
      amount: 50,
      transactionId: "fluz-hostile-tx",
      ...over,
    });
  const voucher = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: "jackpot-hostile-voucher",
      state: "RESERVED",
      value: 27,
      price: 25,
      ...over,
    });
  const fluzSigned = signer(FLUZ_NOTIFY_SECRET, "X-HMAC", now);
  const jackpotSigned = signer(JACKPOT_NOTIFY_SECRET, "X-Jackpot", now);
  const fluz = (name: string, body: string, headers: Headers, expect: HostileCase["expect"]) => ({
    name: `fluz notification: ${name}`,
    request: { method: "POST", target: fluzPath, headers, body },
    expect,
  });
  const big = fluzEvent({ pad: "x".repeat(20_000) });
  const cases: HostileCase[] = [
    fluz(
      "another secret",
      fluzEvent(),
      fluzSigned(fluzEvent(), { secret: `${FLUZ_NOTIFY_SECRET}!` }),
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "body changed after signing",
      fluzEvent({ amount: 50 }),
      fluzSigned(fluzEvent({ amount: 50 }), { signed: fluzEvent({ amount: 5 }) }),
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "unsigned",
      fluzEvent(),
      [JSON_TYPE, ["X-HMAC-Timestamp", String(now)]],
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "signature not hex",
      fluzEvent(),
      [JSON_TYPE, ["X-HMAC-Signature", "zz".repeat(32)], ["X-HMAC-Timestamp", String(now)]],
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "signature truncated",
      fluzEvent(),
      [
        JSON_TYPE,
        ["X-HMAC-Signature", signNotification(FLUZ_NOTIFY_SECRET, now, fluzEvent()).slice(0, 62)],
        ["X-HMAC-Timestamp", String(now)],
      ],
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "timestamp swapped after signing",
      fluzEvent(),
      [
        JSON_TYPE,
        ["X-HMAC-Signature", signNotification(FLUZ_NOTIFY_SECRET, now - 7200, fluzEvent())],
        ["X-HMAC-Timestamp", String(now)],
      ],
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    fluz(
      "replayed an hour later",
      fluzEvent(),
      fluzSigned(fluzEvent(), { ts: now - 3600 }),
      "NOTIFICATION_STALE",
    ),
    fluz(
      "dated tomorrow",
      fluzEvent(),
      fluzSigned(fluzEvent(), { ts: now + 86_400 }),
      "NOTIFICATION_STALE",
    ),
    fluz(
      "amount above the approval",
      fluzEvent({ amount: 50.01 }),
      fluzSigned(fluzEvent({ amount: 50.01 })),
      "LEDGER_AMOUNT_EXCEEDED",
    ),
    fluz(
      "another user's key",
      fluzEvent({ externalReference: t.otherUserKey }),
      fluzSigned(fluzEvent({ externalReference: t.otherUserKey })),
      "LEDGER_USER_MISMATCH",
    ),
    fluz(
      "the key of a Jackpot pre-approval",
      fluzEvent({ externalReference: t.jackpotKey, amount: 1 }),
      fluzSigned(fluzEvent({ externalReference: t.jackpotKey, amount: 1 })),
      "LEDGER_PROVIDER_MISMATCH",
    ),
    fluz(
      "a withdrawal against a deposit",
      fluzEvent({ eventType: "WIDGET_WITHDRAW_COMPLETE" }),
      fluzSigned(fluzEvent({ eventType: "WIDGET_WITHDRAW_COMPLETE" })),
      "LEDGER_TYPE_MISMATCH",
    ),
    fluz(
      "a key never issued",
      fluzEvent({ externalReference: "00000000-0000-4000-8000-000000000000" }),
      fluzSigned(fluzEvent({ externalReference: "00000000-0000-4000-8000-000000000000" })),
      "LEDGER_UNKNOWN_KEY",
    ),
    fluz(
      "the key of an impact.com token, for a dollar",
      fluzEvent({ externalReference: t.impactKey, amount: 1 }),
      fluzSigned(fluzEvent({ externalReference: t.impactKey, amount: 1 })),
      "LEDGER_PROVIDER_MISMATCH",
    ),
    fluz("body over the limit", big, fluzSigned(big), "PAYLOAD_TOO_LARGE"),
    fluz(
      "form-encoded",
      "eventType=WIDGET_DEPOSIT_COMPLETE",
      [["Content-Type", "application/x-www-form-urlencoded"]],
      "UNSUPPORTED_MEDIA_TYPE",
    ),
    fluz("signed, not JSON", '{"eventType":', fluzSigned('{"eventType":'), "INVALID_REQUEST"),
    fluz(
      "signed, a key twice",
      `${fluzEvent().slice(0, -1)},"amount":0.01}`,
      fluzSigned(`${fluzEvent().slice(0, -1)},"amount":0.01}`),
      "INVALID_REQUEST",
    ),
    fluz(
      "signed, a negative amount",
      fluzEvent({ amount: -50 }),
      fluzSigned(fluzEvent({ amount: -50 })),
      "INVALID_REQUEST",
    ),
    fluz(
      "signed, no key",
      fluzEvent({ externalReference: null }),
      fluzSigned(fluzEvent({ externalReference: null })),
      "INVALID_REQUEST",
    ),
    {
      name: "fluz notification: GET",
      request: { method: "GET", target: fluzPath, headers: [] },
      expect: "METHOD_NOT_ALLOWED",
    },
  ];
  const jackpot = (
    name: string,
    target: string,
    body: string,
    headers: Headers,
    expect: HostileCase["expect"],
  ) => ({
    name: `jackpot notification: ${name}`,
    request: { method: "POST", target, headers, body },
    expect,
  });
  cases.push(
    jackpot(
      "another secret",
      jackpotPath(t.jackpotKey),
      voucher(),
      jackpotSigned(voucher(), { secret: "x".repeat(40) }),
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    jackpot(
      "replayed an hour later",
      jackpotPath(t.jackpotKey),
      voucher(),
      jackpotSigned(voucher(), { ts: now - 3600 }),
      "NOTIFICATION_STALE",
    ),
    jackpot(
      "price above the approval",
      jackpotPath(t.jackpotKey),
      voucher({ price: 26 }),
      jackpotSigned(voucher({ price: 26 })),
      "LEDGER_AMOUNT_EXCEEDED",
    ),
    jackpot(
      "a Fluz key",
      jackpotPath(t.fluzKey),
      voucher({ price: 1 }),
      jackpotSigned(voucher({ price: 1 })),
      "LEDGER_PROVIDER_MISMATCH",
    ),
    jackpot(
      "another user named",
      jackpotPath(t.jackpotKey),
      voucher({ userId: "someone-else" }),
      jackpotSigned(voucher({ userId: "someone-else" })),
      "LEDGER_USER_MISMATCH",
    ),
    jackpot(
      "no notificationKey",
      jackpotPath(),
      voucher(),
      jackpotSigned(voucher()),
      "INVALID_REQUEST",
    ),
  );
  cases.push(...impactCases(t, now));
  return cases;
}

/** impact.com's "widget verified the user" event, hostile. */
function impactCases(t: NotificationTargets, now: number): HostileCase[] {
  const path = `${MOUNT}/impact/notifications`;
  const event = (data: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: "impact-hostile-event",
      type: "user.widget.verified",
      tenantAlias: "hostile",
      live: false,
      created: now * 1000,
      data: { id: "hostile-user", accountId: "hostile-user", jti: t.impactKey, ...data },
      ...over,
    });
  const signed = signer(IMPACT_NOTIFY_SECRET, "X-Impact", now);
  const impact = (name: string, body: string, headers: Headers, expect: HostileCase["expect"]) => ({
    name: `impact notification: ${name}`,
    request: { method: "POST", target: path, headers, body },
    expect,
  });
  return [
    impact(
      "another secret",
      event(),
      signed(event(), { secret: `${IMPACT_NOTIFY_SECRET}!` }),
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    impact(
      "signed with Fluz's secret",
      event(),
      signed(event(), { secret: FLUZ_NOTIFY_SECRET }),
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    impact(
      "unsigned",
      event(),
      [JSON_TYPE, ["X-Impact-Timestamp", String(now)]],
      "NOTIFICATION_SIGNATURE_INVALID",
    ),
    impact(
      "replayed an hour later",
      event(),
      signed(event(), { ts: now - 3600 }),
      "NOTIFICATION_STALE",
    ),
    impact(
      "another user's token",
      event({ jti: t.otherUserImpactKey }),
      signed(event({ jti: t.otherUserImpactKey })),
      "LEDGER_USER_MISMATCH",
    ),
    impact(
      "the key of a Fluz pre-approval",
      event({ jti: t.fluzKey }),
      signed(event({ jti: t.fluzKey })),
      "LEDGER_PROVIDER_MISMATCH",
    ),
    impact(
      "a token never issued",
      event({ jti: "00000000-0000-4000-8000-000000000000" }),
      signed(event({ jti: "00000000-0000-4000-8000-000000000000" })),
      "LEDGER_UNKNOWN_KEY",
    ),
    impact("signed, no jti", event({ jti: null }), signed(event({ jti: null })), "INVALID_REQUEST"),
    impact(
      "signed, data not an object",
      event({}, { data: "hostile-user" }),
      signed(event({}, { data: "hostile-user" })),
      "INVALID_REQUEST",
    ),
    impact(
      "signed, no event id",
      event({}, { id: "" }),
      signed(event({}, { id: "" })),
      "INVALID_REQUEST",
    ),
  ];
}

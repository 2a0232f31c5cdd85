/**
 * One pre-approval the middleware issued: what a provider's later report
 * (a notification, a transaction read back) is checked against.
 */
export interface LedgerEntry {
  /**
   * The token's own id, as the provider reports it back: Fluz's `jti`
   * (the provider's idempotency key), Jackpot's `notificationKey`, Gr4vy's
   * embed token `jti` or checkout session id, impact.com's user JWT `jti`.
   */
  key: string;
  /** "fluz", "jackpot", "gr4vy", "impact". */
  provider: string;
  /** Who it was issued to (`identify(req).id`). */
  userId: string;
  /**
   * The pre-approved amount, in minor units of `currency` (cents); 0 for an
   * impact.com referral widget, which pre-approves no money.
   */
  amount: number;
  /** ISO 4217 code (`XXX`, "no currency", for impact.com). */
  currency: string;
  /** Fluz `DEPOSIT` or `WITHDRAW`, Jackpot `VOUCHER`, Gr4vy `PAYMENT`, impact.com `REFERRAL_WIDGET`. */
  transactionType: string;
  issuedAt: string;
  /** After this instant the entry can no longer be settled. */
  expiresAt: string;
  /** Gr4vy: the checkout session the embed token names. */
  checkoutSessionId?: string;
  /** Gr4vy: the buyer the embed token pins (`buyer_external_identifier`). */
  buyerExternalIdentifier?: string;
  /** `approved` until settled; `expired` once `expiresAt` has passed unsettled. */
  status: "approved" | "settled" | "expired";
  /** Present once settled (exactly once). */
  settlement?: LedgerSettlement;
}

export interface LedgerSettlement {
  /** What the provider reported, in minor units; at most the pre-approved amount. */
  amount: number;
  /** The provider's own id of the transaction (a retried report carries the same one). */
  reference: string;
  settledAt: string;
}

/** What is stored under `jti:<key>`: the entry, and whether `onSettled` has run. */
export interface LedgerRecord extends Omit<LedgerEntry, "status"> {
  /**
   * `onSettled` delivery: done, or held by one instance until `leaseUntil`
   * (ms since the epoch); absent before settlement.
   */
  delivery?: { done: true } | { done: false; leaseUntil: number };
}

/** The store key of an entry: the record issued tokens always had. */
export const ledgerKey = (key: string): string => `jti:${key}`;

/** The public view of a stored record at `now`. */
export function entryOf(record: LedgerRecord, now: number): LedgerEntry {
  const { delivery: _delivery, ...rest } = record;
  const status = record.settlement
    ? "settled"
    : Date.parse(record.expiresAt) <= now
      ? "expired"
      : "approved";
  return { ...rest, status };
}

/**
 * How a record is stored: a JSON array, positional, without its key (the
 * store key holds it) and with times as ms since the epoch:
 * `[2, provider, userId, amount, currency, transactionType, issuedAtMs, expiresAtMs, extra?]`,
 * where `extra` holds what few entries have (checkout session, buyer,
 * settlement, delivery). About 70 bytes for a Fluz token against 270 as a
 * JSON object: the ledger keeps every entry for days (docs/scaling.md).
 */
const FORMAT = 2;

type Extra = Pick<
  LedgerRecord,
  "checkoutSessionId" | "buyerExternalIdentifier" | "settlement" | "delivery"
>;

/**
 * The stored form of a record (see `parseRecord`).
 *
 * @example
 * await store.set(ledgerKey(record.key), encodeRecord(record), ttlMs);
 */
export function encodeRecord(record: LedgerRecord): string {
  return encodeFields(record, Date.parse(record.issuedAt), Date.parse(record.expiresAt));
}

/** What `encodeFields` reads of a record: everything but its key, status and times. */
type StoredFields = Pick<
  LedgerRecord,
  | "provider"
  | "userId"
  | "amount"
  | "currency"
  | "transactionType"
  | "checkoutSessionId"
  | "buyerExternalIdentifier"
  | "settlement"
  | "delivery"
>;

/**
 * The stored form of a record whose times are already ms since the epoch (a
 * token being issued: no ISO string is made only to be parsed back).
 *
 * @example
 * await store.set(ledgerKey(jti), encodeFields(issued, iatMs, expMs), ttlMs);
 */
export function encodeFields(
  record: StoredFields,
  issuedAtMs: number,
  expiresAtMs: number,
): string {
  const { checkoutSessionId, buyerExternalIdentifier, settlement, delivery } = record;
  const extra: Extra = {};
  if (checkoutSessionId !== undefined) extra.checkoutSessionId = checkoutSessionId;
  if (buyerExternalIdentifier !== undefined)
    extra.buyerExternalIdentifier = buyerExternalIdentifier;
  if (settlement !== undefined) extra.settlement = settlement;
  if (delivery !== undefined) extra.delivery = delivery;
  const fields: unknown[] = [
    FORMAT,
    record.provider,
    record.userId,
    record.amount,
    record.currency,
    record.transactionType,
    issuedAtMs,
    expiresAtMs,
  ];
  if (Object.keys(extra).length > 0) fields.push(extra);
  return JSON.stringify(fields);
}

/**
 * Parse the record stored under `key`: the compact array, or the JSON
 * object earlier versions wrote (still read: entries live for days). Null
 * for anything else.
 */
export function parseRecord(raw: string, key: string): LedgerRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (Array.isArray(value)) return fromFields(value, key);
  if (typeof value !== "object" || value === null) return null;
  const r = value as Partial<LedgerRecord>;
  if (
    r.key !== key ||
    typeof r.provider !== "string" ||
    typeof r.userId !== "string" ||
    typeof r.amount !== "number" ||
    typeof r.expiresAt !== "string"
  ) {
    return null;
  }
  return r as LedgerRecord;
}

function fromFields(fields: unknown[], key: string): LedgerRecord | null {
  const [format, provider, userId, amount, currency, transactionType, issuedAt, expiresAt, extra] =
    fields;
  if (
    format !== FORMAT ||
    typeof provider !== "string" ||
    typeof userId !== "string" ||
    typeof amount !== "number" ||
    typeof currency !== "string" ||
    typeof transactionType !== "string" ||
    typeof issuedAt !== "number" ||
    typeof expiresAt !== "number" ||
    (extra !== undefined && (typeof extra !== "object" || extra === null))
  ) {
    return null;
  }
  return {
    key,
    provider,
    userId,
    amount,
    currency,
    transactionType,
    issuedAt: new Date(issuedAt).toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
    ...(extra as Extra | undefined),
  };
}

/**
 * One pre-approval the middleware issued: what a provider's later report
 * (a notification, a transaction read back) is checked against.
 */
export interface LedgerEntry {
  /**
   * The token's own id, as the provider reports it back: Fluz's `jti`
   * (the provider's idempotency key), Jackpot's `notificationKey`, Gr4vy's
   * embed token `jti` or checkout session id.
   */
  key: string;
  /** "fluz", "jackpot", "gr4vy". */
  provider: string;
  /** Who it was issued to (`identify(req).id`). */
  userId: string;
  /** The pre-approved amount, in minor units of `currency` (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
  /** Fluz `DEPOSIT` or `WITHDRAW`, Jackpot `VOUCHER`, Gr4vy `PAYMENT`. */
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

/** Parse a stored record; null for anything else under the key (a record of an older version). */
export function parseRecord(raw: string): LedgerRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const r = value as Partial<LedgerRecord>;
  if (
    typeof r.key !== "string" ||
    typeof r.provider !== "string" ||
    typeof r.userId !== "string" ||
    typeof r.amount !== "number" ||
    typeof r.expiresAt !== "string"
  ) {
    return null;
  }
  return r as LedgerRecord;
}

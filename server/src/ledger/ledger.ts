import { LedgerError, type LedgerErrorCode, ServiceError, invalidRequest } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";
import {
  type LedgerEntry,
  type LedgerRecord,
  encodeFields,
  encodeRecord,
  entryOf,
  ledgerKey,
  parseRecord,
} from "./entry.js";
import type { LedgerConfig } from "./options.js";

/** What a provider's report says was done, checked against the pre-approval. */
export interface Settlement {
  /**
   * Minor units (cents): at most the pre-approved amount; positive, except
   * 0 for an entry pre-approved at 0 (an impact.com referral widget).
   */
  amount: number;
  /** The provider's own transaction id: a retried report with the same one is a no-op. */
  reference: string;
  /** Refuse the key when it was issued for another provider (`LEDGER_PROVIDER_MISMATCH`). */
  provider?: string;
  /** Refuse the key when it was issued to another user (`LEDGER_USER_MISMATCH`). */
  userId?: string;
  /** Refuse another currency (`LEDGER_CURRENCY_MISMATCH`). */
  currency?: string;
  /** Refuse another transaction type, e.g. a withdrawal for a deposit (`LEDGER_TYPE_MISMATCH`). */
  transactionType?: string;
}

export interface SettleResult {
  entry: LedgerEntry;
  /** True when this key was already settled with this reference: nothing changed. */
  replayed: boolean;
}

/** The ledger of pre-approvals, as `middleware.ledger` offers it. */
export interface Ledger {
  /** The entry issued under `key` (a Fluz `jti`, a Jackpot `notificationKey`, …), or null. */
  lookup(key: string): Promise<LedgerEntry | null>;
  /**
   * Settle `key` exactly once, across every instance sharing the store, and
   * run `onSettled` once. Throws a `WidgetTokensError`: `LEDGER_UNKNOWN_KEY`,
   * `LEDGER_EXPIRED`, `LEDGER_ALREADY_SETTLED` (another reference),
   * `LEDGER_AMOUNT_EXCEEDED`, `LEDGER_PROVIDER_MISMATCH`, `LEDGER_USER_MISMATCH`,
   * `LEDGER_CURRENCY_MISMATCH`, `LEDGER_TYPE_MISMATCH`, `LEDGER_SETTLEMENT_IN_PROGRESS`,
   * `STORE_UNAVAILABLE`.
   */
  settle(key: string, settlement: Settlement): Promise<SettleResult>;
}

/** What a provider route writes when it issues a token. */
export type IssuedEntry = Omit<LedgerEntry, "status" | "settlement" | "issuedAt" | "expiresAt"> & {
  expiresAt: Date;
  /** When the token was signed (its `iat`); default now. */
  issuedAt?: Date;
};

/** The ledger, plus what the provider routes use to record what they issue. */
export interface LedgerService extends Ledger {
  /** Record an issued token (through the request's store), kept `retainFor` past its expiry. */
  record(entry: IssuedEntry, store?: Store): Promise<void>;
  /**
   * Change an entry's amount, currency or buyer while it is still only
   * approved (a Gr4vy checkout session whose cart changed). False when it is
   * settled, expired or gone.
   */
  amend(
    key: string,
    patch: Pick<LedgerEntry, "amount" | "currency"> & { buyerExternalIdentifier?: string },
  ): Promise<boolean>;
}

/** Settling loses a compare-and-set only to another settlement; a few rounds always decide. */
const MAX_ROUNDS = 8;

/**
 * The ledger over the configured store. Every change to a record is one
 * `store.replace` (compare-and-set) from the exact value it was decided on,
 * so two instances settling the same key at once cannot both win: the
 * loser re-reads and sees the winner's settlement.
 *
 * @example
 * const ledger = createLedger(store, readLedgerOptions({ onSettled }), { now: Date.now, logger });
 * await ledger.settle(jti, { amount: 5000, reference: "fluz-tx-1", provider: "fluz" });
 */
export function createLedger(
  store: Store,
  config: LedgerConfig,
  { now, logger }: { now: () => number; logger: Logger },
): LedgerService {
  const { onSettled, retainMs, leaseMs } = config;

  async function read(key: string): Promise<{ raw: string; record: LedgerRecord } | null> {
    const raw = await store.get(ledgerKey(key));
    if (raw === null) return null;
    const record = parseRecord(raw, key);
    return record ? { raw, record } : null;
  }

  /** Run `onSettled` under a lease held in the record; mark it done after. */
  async function deliver(key: string, raw: string, record: LedgerRecord): Promise<LedgerEntry> {
    const entry = entryOf(record, now());
    if (onSettled === undefined) return entry;
    try {
      await onSettled(entry);
    } catch (err) {
      // Free the lease at once: the provider's retry runs the hook again.
      const freed = encodeRecord({ ...record, delivery: { done: false, leaseUntil: 0 } });
      await store.replace(ledgerKey(key), raw, freed).catch(() => {});
      logger.error(
        `widget-tokens: onSettled threw for a ${record.provider} entry; it runs again on the provider's retry`,
      );
      throw new ServiceError("INTERNAL_ERROR", "Internal error", { cause: err });
    }
    const done = encodeRecord({ ...record, delivery: { done: true } });
    const marked = await store.replace(ledgerKey(key), raw, done).catch(() => false);
    if (!marked) {
      logger.warn(
        `widget-tokens: onSettled ran for a ${record.provider} entry but could not be marked done; a retry after ${leaseMs} ms may run it again`,
      );
    }
    return entry;
  }

  function refuse(code: LedgerErrorCode, message: string): never {
    throw new LedgerError(code, message);
  }

  return {
    async record(issued, through = store) {
      const at = issued.issuedAt?.getTime() ?? now();
      const expires = issued.expiresAt.getTime();
      const ttl = Math.max(1, expires - at) + retainMs;
      await through.set(ledgerKey(issued.key), encodeFields(issued, at, expires), ttl);
    },

    async amend(key, patch) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const found = await read(key);
        if (found === null || entryOf(found.record, now()).status !== "approved") return false;
        const { buyerExternalIdentifier: _old, ...record } = found.record;
        const next: LedgerRecord = {
          ...record,
          amount: patch.amount,
          currency: patch.currency,
          ...(patch.buyerExternalIdentifier === undefined
            ? {}
            : { buyerExternalIdentifier: patch.buyerExternalIdentifier }),
        };
        if (await store.replace(ledgerKey(key), found.raw, encodeRecord(next))) return true;
      }
      return false;
    },

    async lookup(key) {
      if (typeof key !== "string" || key.length === 0) return null;
      const found = await read(key);
      return found ? entryOf(found.record, now()) : null;
    },

    async settle(key, s) {
      if (typeof key !== "string" || key.length === 0 || key.length > 200) {
        throw invalidRequest("key", "key must be a non-empty string");
      }
      if (!Number.isSafeInteger(s.amount) || s.amount < 0) {
        throw invalidRequest("amount", "amount must be a positive integer of minor units");
      }
      if (typeof s.reference !== "string" || s.reference.length === 0 || s.reference.length > 200) {
        throw invalidRequest("reference", "reference must be a non-empty string");
      }
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const found = await read(key);
        if (found === null)
          refuse("LEDGER_UNKNOWN_KEY", "No pre-approval was issued under this key");
        const { raw, record } = found;
        if (s.provider !== undefined && record.provider !== s.provider) {
          refuse("LEDGER_PROVIDER_MISMATCH", "This key was issued for another provider");
        }
        if (s.userId !== undefined && record.userId !== s.userId) {
          refuse("LEDGER_USER_MISMATCH", "This key was issued to another user");
        }
        const t = now();
        if (record.settlement) {
          if (record.settlement.reference !== s.reference) {
            refuse("LEDGER_ALREADY_SETTLED", "This pre-approval is already settled");
          }
          const delivery = record.delivery;
          if (delivery === undefined || delivery.done) {
            return { entry: entryOf(record, t), replayed: true };
          }
          if (delivery.leaseUntil > t) {
            refuse(
              "LEDGER_SETTLEMENT_IN_PROGRESS",
              "This settlement is being processed; retry later",
            );
          }
          // The instance that settled never finished onSettled: take the lease over.
          const next = { ...record, delivery: { done: false as const, leaseUntil: t + leaseMs } };
          const nextRaw = encodeRecord(next);
          if (await store.replace(ledgerKey(key), raw, nextRaw)) {
            return { entry: await deliver(key, nextRaw, next), replayed: true };
          }
          continue;
        }
        if (Date.parse(record.expiresAt) <= t) {
          refuse("LEDGER_EXPIRED", "This pre-approval has expired");
        }
        if (s.currency !== undefined && s.currency !== record.currency) {
          refuse("LEDGER_CURRENCY_MISMATCH", "The currency differs from the pre-approval");
        }
        if (s.transactionType !== undefined && s.transactionType !== record.transactionType) {
          refuse("LEDGER_TYPE_MISMATCH", "The transaction type differs from the pre-approval");
        }
        if (s.amount > record.amount) {
          refuse("LEDGER_AMOUNT_EXCEEDED", "The amount is above the pre-approved amount");
        }
        // 0 settles only an entry for nothing (an impact.com referral widget).
        if (s.amount === 0 && record.amount !== 0) {
          throw invalidRequest("amount", "amount must be a positive integer of minor units");
        }
        const next: LedgerRecord = {
          ...record,
          settlement: {
            amount: s.amount,
            reference: s.reference,
            settledAt: new Date(t).toISOString(),
          },
          delivery: onSettled ? { done: false, leaseUntil: t + leaseMs } : { done: true },
        };
        const nextRaw = encodeRecord(next);
        if (await store.replace(ledgerKey(key), raw, nextRaw)) {
          return { entry: await deliver(key, nextRaw, next), replayed: false };
        }
        // Another instance changed it first: decide again on what it wrote.
      }
      throw new LedgerError(
        "LEDGER_SETTLEMENT_IN_PROGRESS",
        "This settlement is contended; retry later",
      );
    },
  };
}

import type { LedgerEntry, Store } from "@widget-tokens/server";

/** What a shopper's store credit starts at (cents), in this demo. */
const OPENING_BALANCE = 24_000;

/** The providers whose settled transfers change the store credit. */
type TransferProvider = "fluz" | "jackpot";

/** Whether a provider's transaction has settled for this shopper, and the balance (cents). */
interface SettlementStatus {
  settled: boolean;
  balance: number;
}

/**
 * The shop's store credit, per shopper, on the server. It changes only when
 * the widget-tokens ledger settles an entry (`ledger.onSettled`): a
 * provider's verified notification, server to server, never the page. Each
 * entry changes the balance once.
 */
export interface Ledger {
  balance(userId: string): Promise<number>;
  /** Apply a settled entry: + for a deposit or a voucher, − for a withdrawal; once per entry key. */
  credit(entry: LedgerEntry): Promise<{ balance: number; replayed: boolean }>;
  /** Has the provider's transaction `reference` settled for `userId`? */
  settlement(
    userId: string,
    provider: TransferProvider,
    reference: string,
  ): Promise<SettlementStatus>;
  /**
   * Apply a settled impact.com entry: impact.com confirmed, server to
   * server, that a referral widget verified this shopper. No money moves.
   */
  confirmReferral(entry: LedgerEntry): Promise<void>;
  /** When impact.com first confirmed this shopper's referral account; null before. */
  referral(userId: string): Promise<{ confirmedAt: string } | null>;
}

interface Account {
  balance: number;
  /** Entry keys credited, and `provider:reference` of their settlements (the latest ones). */
  credited: string[];
  references: string[];
  /** When impact.com's notification first settled a referral widget's entry. */
  referralConfirmedAt?: string;
}

const ACCOUNT_TTL_MS = 30 * 86_400_000;
const MAX_CREDITED = 200;

/**
 * A ledger in the shop's store: the in-memory default, or Redis (REDIS_URL)
 * shared by every instance. One record per shopper, changed under a lock.
 *
 * @example
 * const ledger = storeLedger(memoryStore());
 * await ledger.balance("cust_1001"); // 24000
 */
export function storeLedger(store: Store): Ledger {
  const key = (userId: string) => `demo:ledger:${userId}`;

  async function read(userId: string): Promise<Account> {
    const raw = await store.get(key(userId));
    const account = raw ? (JSON.parse(raw) as Partial<Account>) : {};
    return {
      ...account,
      balance: account.balance ?? OPENING_BALANCE,
      credited: account.credited ?? [],
      references: account.references ?? [],
    };
  }

  async function change<T>(userId: string, update: (account: Account) => T): Promise<T> {
    const lock = `demo:ledger-lock:${userId}`;
    let token: string | null = null;
    for (let attempt = 0; token === null; attempt++) {
      token = await store.acquireLock(lock, 5_000);
      if (token === null) {
        if (attempt >= 100) throw new Error("The balance is busy, try again");
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    try {
      const account = await read(userId);
      const result = update(account);
      account.credited = account.credited.slice(-MAX_CREDITED);
      account.references = account.references.slice(-MAX_CREDITED);
      await store.set(key(userId), JSON.stringify(account), ACCOUNT_TTL_MS);
      return result;
    } finally {
      await store.releaseLock(lock, token);
    }
  }

  return {
    async balance(userId) {
      return (await read(userId)).balance;
    },
    credit(entry) {
      const settlement = entry.settlement;
      if (!settlement) throw new TypeError(`ledger entry ${entry.key} is not settled`);
      return change(entry.userId, (account) => {
        if (account.credited.includes(entry.key)) {
          return { balance: account.balance, replayed: true };
        }
        // What the provider reported (at most what was pre-approved), in cents.
        account.balance +=
          entry.transactionType === "WITHDRAW" ? -settlement.amount : settlement.amount;
        account.credited.push(entry.key);
        account.references.push(`${entry.provider}:${settlement.reference}`);
        return { balance: account.balance, replayed: false };
      });
    },
    async confirmReferral(entry) {
      const settledAt = entry.settlement?.settledAt;
      if (entry.provider !== "impact" || !settledAt) {
        throw new TypeError(`ledger entry ${entry.key} is not a settled impact.com entry`);
      }
      await change(entry.userId, (account) => {
        account.referralConfirmedAt ??= settledAt;
      });
    },
    async referral(userId) {
      const { referralConfirmedAt } = await read(userId);
      return referralConfirmedAt ? { confirmedAt: referralConfirmedAt } : null;
    },
    async settlement(userId, provider, reference) {
      const account = await read(userId);
      return {
        settled: account.references.includes(`${provider}:${reference}`),
        balance: account.balance,
      };
    },
  };
}

/** Dollars and cents (a parsed amount) to whole cents. */
export const toCents = (amount: number): number => Math.round(amount * 100);

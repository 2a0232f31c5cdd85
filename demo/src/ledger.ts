import type { Store } from "@widget-tokens/server";

/** What a shopper's store credit starts at (cents), in this demo. */
const OPENING_BALANCE = 24_000;

/** A token the shop issued for a transfer that changes the balance once the provider confirms it. */
interface IssuedTransfer {
  provider: "fluz" | "jackpot";
  /** The token's own id: Fluz's `jti`, Jackpot's `notificationKey`. */
  ref: string;
  kind: "DEPOSIT" | "WITHDRAW" | "VOUCHER";
  cents: number;
  /** When the token stops working (ms since the epoch): the record goes with it. */
  expiresAt: number;
}

/** A transfer the provider confirmed to the shopper's page, as the page reports it. */
export interface ConfirmedTransfer {
  provider: IssuedTransfer["provider"];
  /** The token's id when the page knows it (the account page does; the drop-in does not). */
  ref?: string;
  kind: IssuedTransfer["kind"];
  cents: number;
  /** The provider's transaction id: credited once, however often it is reported. */
  transactionId: string;
}

type SettleResult =
  | { ok: true; balance: number; replayed: boolean }
  | { ok: false; reason: "unknown" | "insufficient"; balance: number };

/**
 * The shop's store credit, per shopper, on the server. Balances change only
 * for a transfer the shop issued a token for (recorded by `onIssued`), once
 * per provider transaction.
 */
export interface Ledger {
  balance(userId: string): Promise<number>;
  issued(userId: string, transfer: IssuedTransfer): Promise<void>;
  settle(userId: string, confirmed: ConfirmedTransfer): Promise<SettleResult>;
}

interface Account {
  balance: number;
  pending: IssuedTransfer[];
  /** Provider transaction ids already credited (the latest ones). */
  settled: string[];
}

const ACCOUNT_TTL_MS = 30 * 86_400_000;
const MAX_PENDING = 50;
const MAX_SETTLED = 100;

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
    const account: Account = raw
      ? (JSON.parse(raw) as Account)
      : { balance: OPENING_BALANCE, pending: [], settled: [] };
    const now = Date.now();
    account.pending = account.pending.filter((p) => p.expiresAt > now);
    return account;
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
      account.pending = account.pending.slice(-MAX_PENDING);
      account.settled = account.settled.slice(-MAX_SETTLED);
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
    async issued(userId, transfer) {
      await change(userId, (account) => {
        account.pending.push(transfer);
      });
    },
    settle(userId, c) {
      return change(userId, (account): SettleResult => {
        const id = `${c.provider}:${c.transactionId}`;
        if (account.settled.includes(id)) {
          return { ok: true, balance: account.balance, replayed: true };
        }
        // The token the page names, or (drop-in) the latest one issued for exactly this transfer.
        const matches = (p: IssuedTransfer) =>
          p.provider === c.provider &&
          p.kind === c.kind &&
          p.cents === c.cents &&
          (c.ref === undefined || p.ref === c.ref);
        let index = account.pending.length - 1;
        while (index >= 0 && !matches(account.pending[index]!)) index--;
        if (index < 0) return { ok: false, reason: "unknown", balance: account.balance };
        const [transfer] = account.pending.splice(index, 1) as [IssuedTransfer];
        if (transfer.kind === "WITHDRAW" && transfer.cents > account.balance) {
          return { ok: false, reason: "insufficient", balance: account.balance };
        }
        account.balance += transfer.kind === "WITHDRAW" ? -transfer.cents : transfer.cents;
        account.settled.push(id);
        return { ok: true, balance: account.balance, replayed: false };
      });
    },
  };
}

/** Dollars and cents (a parsed amount) to whole cents. */
export const toCents = (amount: number): number => Math.round(amount * 100);

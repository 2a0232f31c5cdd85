import { randomUUID } from "node:crypto";
import { describe, expect, it, onTestFinished } from "vitest";
import { WidgetTokensError } from "../../src/errors.js";
import type { LedgerEntry } from "../../src/ledger/entry.js";
import { type LedgerService, createLedger } from "../../src/ledger/ledger.js";
import { type LedgerOptions, readLedgerOptions } from "../../src/ledger/options.js";
import { silentLogger } from "../../src/logger.js";
import type { Store } from "../../src/stores/store.js";
import type { StoreFactory } from "./store-contract.js";

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const HOUR = 3_600_000;

/** What `issueEntry` records, besides its key and expiry. */
const ISSUED = {
  provider: "fluz",
  userId: "u-1",
  amount: 5000,
  currency: "USD",
  transactionType: "DEPOSIT",
} as const;

/**
 * Record a Fluz DEPOSIT of 50.00 for u-1, an hour from `T0`, under a fresh
 * key; resolves the key.
 *
 * @example
 * const key = await issueEntry(ledger);
 */
export function issueEntry(
  ledger: LedgerService,
  overrides: Partial<LedgerEntry> = {},
  issuedAt = T0,
): Promise<string> {
  const key = randomUUID();
  return ledger
    .record({
      key,
      ...ISSUED,
      expiresAt: new Date(issuedAt + HOUR),
      ...overrides,
    } as unknown as Parameters<LedgerService["record"]>[0])
    .then(() => key);
}

/** The rejection's code, or "resolved". */
async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "resolved",
    (err: unknown) => (err instanceof WidgetTokensError ? err.code : String(err)),
  );
}

/**
 * The ledger's promises, over a given store: the same suite for memory and
 * Redis. With `sharedBackend`, several ledgers (instances) share one backend
 * and race to settle the same key.
 *
 * @example
 * describeLedgerContract("memoryStore", (prefix) => memoryStore({ prefix }), { sharedBackend: false });
 */
export function describeLedgerContract(
  name: string,
  create: StoreFactory,
  { sharedBackend }: { sharedBackend: boolean },
): void {
  describe(`Ledger contract: ${name}`, () => {
    /**
     * `count` ledgers (instances) over one backend, a shared clock, what
     * `onSettled` saw; their stores close when the test finishes.
     */
    async function instances(count: number, options: LedgerOptions = {}) {
      const prefix = `ledger-${randomUUID()}:`;
      const clock = { now: T0 };
      const settled: LedgerEntry[] = [];
      const stores: Store[] = [];
      const ledgers: LedgerService[] = [];
      const first = await create(prefix);
      for (let i = 0; i < count; i++) {
        const store = i === 0 || !sharedBackend ? first : await create(prefix);
        if (i === 0 || sharedBackend) stores.push(store);
        ledgers.push(
          createLedger(
            store,
            readLedgerOptions({
              onSettled: (entry: LedgerEntry) => {
                settled.push(entry);
              },
              ...options,
            }),
            { now: () => clock.now, logger: silentLogger },
          ),
        );
      }
      onTestFinished(async () => {
        await Promise.all(stores.map((s) => s.close()));
      });
      return { ledgers, ledger: ledgers[0]!, clock, settled };
    }

    it("records what was issued and reads it back; an unknown key is null", async () => {
      const { ledger } = await instances(1);
      const key = await issueEntry(ledger);
      expect(await ledger.lookup(key)).toEqual({
        key,
        ...ISSUED,
        issuedAt: new Date(T0).toISOString(),
        expiresAt: new Date(T0 + HOUR).toISOString(),
        status: "approved",
      });
      expect(await ledger.lookup(randomUUID())).toBeNull();
    });

    it("settles once, runs onSettled once, and a retried report with the same reference is a no-op", async () => {
      const { ledger, settled } = await instances(1);
      const key = await issueEntry(ledger);
      const first = await ledger.settle(key, {
        amount: 4000,
        reference: "tx-1",
        provider: "fluz",
      });
      expect(first.replayed).toBe(false);
      expect(first.entry).toMatchObject({
        status: "settled",
        settlement: { amount: 4000, reference: "tx-1", settledAt: new Date(T0).toISOString() },
      });
      const again = await ledger.settle(key, {
        amount: 4000,
        reference: "tx-1",
        provider: "fluz",
      });
      expect(again).toEqual({ entry: first.entry, replayed: true });
      expect(settled).toEqual([first.entry]);
      expect(await ledger.lookup(key)).toEqual(first.entry);
    });

    it("refuses each hostile settlement with its code, and settles nothing", async () => {
      const { ledger, clock, settled } = await instances(1);
      const key = await issueEntry(ledger);
      const cases: Array<[Parameters<LedgerService["settle"]>[1], string]> = [
        [{ amount: 5001, reference: "r" }, "LEDGER_AMOUNT_EXCEEDED"],
        [{ amount: 100, reference: "r", provider: "jackpot" }, "LEDGER_PROVIDER_MISMATCH"],
        [{ amount: 100, reference: "r", userId: "u-2" }, "LEDGER_USER_MISMATCH"],
        [{ amount: 100, reference: "r", currency: "EUR" }, "LEDGER_CURRENCY_MISMATCH"],
        [{ amount: 0, reference: "r" }, "INVALID_REQUEST"],
        [{ amount: 12.5, reference: "r" }, "INVALID_REQUEST"],
        [{ amount: 100, reference: "" }, "INVALID_REQUEST"],
      ];
      for (const [settlement, code] of cases) {
        expect(await codeOf(ledger.settle(key, settlement))).toBe(code);
      }
      expect(await codeOf(ledger.settle(randomUUID(), { amount: 1, reference: "r" }))).toBe(
        "LEDGER_UNKNOWN_KEY",
      );
      expect((await ledger.lookup(key))?.status).toBe("approved");

      // A second settlement under another reference.
      await ledger.settle(key, { amount: 5000, reference: "tx-a" });
      expect(await codeOf(ledger.settle(key, { amount: 5000, reference: "tx-b" }))).toBe(
        "LEDGER_ALREADY_SETTLED",
      );
      expect((await ledger.lookup(key))?.settlement?.reference).toBe("tx-a");

      // Expired: the entry is still there (retained), but can no longer be settled.
      const late = await issueEntry(ledger);
      clock.now = T0 + HOUR;
      expect((await ledger.lookup(late))?.status).toBe("expired");
      expect(await codeOf(ledger.settle(late, { amount: 1, reference: "r" }))).toBe(
        "LEDGER_EXPIRED",
      );
      expect(settled.map((e) => e.key)).toEqual([key]);
    });

    it("an entry for nothing (an impact.com referral widget) settles at 0, once, and refuses any amount", async () => {
      const { ledger, settled } = await instances(1);
      const key = await issueEntry(ledger, {
        provider: "impact",
        amount: 0,
        currency: "XXX",
        transactionType: "REFERRAL_WIDGET",
      });
      const hook = { provider: "impact", transactionType: "REFERRAL_WIDGET" };
      expect(await codeOf(ledger.settle(key, { amount: 1, reference: "ev-1", ...hook }))).toBe(
        "LEDGER_AMOUNT_EXCEEDED",
      );
      expect(
        await codeOf(ledger.settle(key, { amount: 0, reference: "ev-1", provider: "fluz" })),
      ).toBe("LEDGER_PROVIDER_MISMATCH");
      const first = await ledger.settle(key, { amount: 0, reference: "ev-1", ...hook });
      expect(first).toMatchObject({
        replayed: false,
        entry: { status: "settled", amount: 0, settlement: { amount: 0, reference: "ev-1" } },
      });
      expect((await ledger.settle(key, { amount: 0, reference: "ev-1", ...hook })).replayed).toBe(
        true,
      );
      expect(await codeOf(ledger.settle(key, { amount: 0, reference: "ev-2", ...hook }))).toBe(
        "LEDGER_ALREADY_SETTLED",
      );
      expect(settled.map((e) => e.key)).toEqual([key]);
    });

    it("many concurrent settlements of one key, from several instances: exactly one wins", async () => {
      const { ledgers, ledger, settled } = await instances(3);
      const key = await issueEntry(ledger);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          ledgers[i % ledgers.length]!.settle(key, { amount: 5000, reference: `tx-${i}` }).then(
            (r) => r.entry.settlement?.reference,
            (err: WidgetTokensError) => err.code,
          ),
        ),
      );
      const winners = results.filter((r) => r?.startsWith("tx-"));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r === "LEDGER_ALREADY_SETTLED")).toHaveLength(29);
      expect(settled).toHaveLength(1);
      expect((await ledger.lookup(key))?.settlement?.reference).toBe(winners[0]);
    });

    it("onSettled that throws is run again by the provider's retry, and only then marked done", async () => {
      let failures = 1;
      const seen: string[] = [];
      const { ledger } = await instances(1, {
        onSettled: (entry: LedgerEntry) => {
          seen.push(entry.key);
          if (failures-- > 0) throw new Error("the shop's database is down");
        },
      });
      const key = await issueEntry(ledger);
      expect(await codeOf(ledger.settle(key, { amount: 10, reference: "tx" }))).toBe(
        "INTERNAL_ERROR",
      );
      // Settled all the same: another reference is refused…
      expect(await codeOf(ledger.settle(key, { amount: 10, reference: "other" }))).toBe(
        "LEDGER_ALREADY_SETTLED",
      );
      // …and the retry with the same reference runs the hook again.
      expect((await ledger.settle(key, { amount: 10, reference: "tx" })).replayed).toBe(true);
      expect(await ledger.settle(key, { amount: 10, reference: "tx" })).toMatchObject({
        replayed: true,
      });
      expect(seen).toEqual([key, key]);
    });

    it("a retry while another instance runs onSettled gets LEDGER_SETTLEMENT_IN_PROGRESS; after the lease it takes over", async () => {
      let release: () => void = () => {};
      let entered: () => void = () => {};
      const inHook = new Promise<void>((r) => {
        entered = r;
      });
      const calls: string[] = [];
      const { ledgers, ledger, clock } = await instances(2, {
        onSettledLeaseMs: 10_000,
        onSettled: (entry: LedgerEntry) => {
          calls.push(entry.key);
          if (calls.length > 1) return;
          entered();
          return new Promise<void>((r) => {
            release = r;
          });
        },
      });
      try {
        const key = await issueEntry(ledger);
        const other = ledgers[1]!;
        const slow = ledger.settle(key, { amount: 10, reference: "tx" });
        await inHook;
        expect(await codeOf(other.settle(key, { amount: 10, reference: "tx" }))).toBe(
          "LEDGER_SETTLEMENT_IN_PROGRESS",
        );
        // The first holder is presumed dead once its lease ran out: the retry runs the hook.
        clock.now = T0 + 10_001;
        expect((await other.settle(key, { amount: 10, reference: "tx" })).replayed).toBe(true);
        release();
        expect((await slow).replayed).toBe(false);
        expect(calls).toEqual([key, key]);
      } finally {
        release();
      }
    });
  });
}

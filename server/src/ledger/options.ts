import { readOptions } from "../validation/read-options.js";
import type { LedgerEntry } from "./entry.js";

/** `ledger`: what happens once an issued pre-approval is settled. */
export interface LedgerOptions {
  /**
   * Called once per settled entry (a verified provider notification, a
   * confirmed Gr4vy transaction, or your own `middleware.ledger.settle`):
   * credit the balance, mark the order paid. A throw answers the provider
   * 500, so it retries, and the hook runs again on that retry.
   */
  onSettled?: (entry: LedgerEntry) => unknown;
  /**
   * How long an entry is kept after its token expired (seconds or "7d"), so a
   * late or retried report gets its precise answer. Default "7d".
   */
  retainFor?: number | string;
  /**
   * How long one instance holds the right to run `onSettled` for an entry
   * (ms); a retry arriving meanwhile gets 409 `LEDGER_SETTLEMENT_IN_PROGRESS`,
   * one arriving later runs the hook again. Default 30 000.
   */
  onSettledLeaseMs?: number;
}

/** `ledger`, read and checked. */
export interface LedgerConfig {
  onSettled: LedgerOptions["onSettled"];
  /** ms */
  retainMs: number;
  leaseMs: number;
}

/**
 * Read the `ledger` option once.
 *
 * @example
 * const config = readLedgerOptions({ onSettled: (entry) => credit(entry) });
 */
export function readLedgerOptions(value: unknown): LedgerConfig {
  const o = readOptions<LedgerOptions>(value ?? {}, "ledger", {
    onSettled: true,
    retainFor: true,
    onSettledLeaseMs: true,
  });
  return {
    onSettled: o.optionalFunction("onSettled"),
    retainMs: o.duration("retainFor", 7 * 86_400, 366 * 86_400) * 1000,
    leaseMs: o.number("onSettledLeaseMs", 30_000, { min: 100, max: 3_600_000, integer: true }),
  };
}

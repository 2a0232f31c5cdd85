/**
 * Dollars and cents (a parsed amount, at most two decimals) to whole cents:
 * the ledger compares integers, never floats.
 *
 * @example
 * toMinorUnits(12.34); // 1234
 */
export function toMinorUnits(amount: number): number {
  return Math.round(amount * 100);
}

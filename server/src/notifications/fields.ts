import { parseAmount } from "@widget-tokens/shared";
import { invalidRequest } from "../errors.js";
import { toMinorUnits } from "../ledger/minor-units.js";

const MAX_ID = 200;

/** A required non-empty string field of a notification, at most 200 characters. */
export function idField(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_ID) {
    throw invalidRequest(field, `${field} must be a non-empty string`);
  }
  return value;
}

/** A positive amount in major units (a number or decimal text, at most two decimals), as whole cents. */
export function majorAmountField(value: unknown, field: string): number {
  const amount = parseAmount(value, { max: Number.MAX_SAFE_INTEGER / 100 });
  if (!amount.ok) throw invalidRequest(field, `${field} ${amount.reason}`);
  return toMinorUnits(amount.value);
}

/**
 * A claim that is a non-empty string, else null.
 *
 * @example
 * claimText(claims.externalId); // "u1" | null
 */
export const claimText = (value: unknown): string | null =>
  typeof value === "string" && value.length > 0 ? value : null;

/**
 * A claim that is a finite number, else null.
 *
 * @example
 * claimNumber(claims.amount); // 50 | null
 */
export const claimNumber = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/**
 * A claim that is an object, else an empty one.
 *
 * @example
 * claimRecord(claims.user).id;
 */
export const claimRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

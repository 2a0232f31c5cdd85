const UNITS = [
  { limit: 60, size: 1, name: "s" },
  { limit: 3600, size: 60, name: "min" },
  { limit: 48 * 3600, size: 3600, name: "h" },
  { limit: Number.POSITIVE_INFINITY, size: 86_400, name: "d" },
] as const;

/**
 * A duration in the largest unit that keeps it readable, rounded down:
 * "45 s", "59 min", "3 h", "2 d".
 *
 * @example
 * humanDuration(3599_000); // "59 min"
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const unit = UNITS.find((u) => seconds < u.limit) ?? UNITS[UNITS.length - 1]!;
  return `${Math.floor(seconds / unit.size)} ${unit.name}`;
}

/**
 * When `atMs` is, seen from `nowMs`: "in 59 min", "3 h ago", "now".
 *
 * @example
 * relativeTime(Date.now() + 3599_000); // "in 59 min"
 */
export function relativeTime(atMs: number, nowMs = Date.now()): string {
  const delta = atMs - nowMs;
  if (Math.abs(delta) < 1000) return "now";
  return delta > 0 ? `in ${humanDuration(delta)}` : `${humanDuration(delta)} ago`;
}

/**
 * How an `exp` (seconds since the epoch) reads: "expires in 59 min" or
 * "expired 3 h ago".
 *
 * @example
 * describeExpiry(Math.floor(Date.now() / 1000) - 3 * 3600); // "expired 3 h ago"
 */
export function describeExpiry(expSeconds: number, nowMs = Date.now()): string {
  const delta = expSeconds * 1000 - nowMs;
  return delta > 0 ? `expires in ${humanDuration(delta)}` : `expired ${humanDuration(delta)} ago`;
}

/**
 * A NumericDate claim (seconds) as ISO 8601, or undefined when it is not a
 * finite number.
 *
 * @example
 * isoOfSeconds(0); // "1970-01-01T00:00:00.000Z"
 */
export function isoOfSeconds(seconds: unknown): string | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

import { WidgetTokensOptionError } from "../errors.js";

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A lifetime option in seconds: a positive integer number of seconds (or its
 * digits as a string, as an environment variable gives it: "20") or a string
 * such as "90s", "15m", "1h", "1d". Undefined gives `fallbackSeconds`.
 *
 * @example
 * parseDuration("15m", "providers.fluz.expiresIn", 86_400); // 900
 */
export function parseDuration(
  value: unknown,
  name: string,
  fallbackSeconds: number,
  maxSeconds = 30 * 86_400,
): number {
  if (value === undefined) return fallbackSeconds;
  let seconds: number | undefined;
  if (typeof value === "number" && Number.isInteger(value)) seconds = value;
  if (typeof value === "string") {
    // A bare number is seconds, as a number option is: `expiresIn: process.env.TTL` ("20").
    const match = /^([1-9][0-9]{0,7})([smhd]?)$/.exec(value);
    if (match) seconds = Number(match[1]) * (UNIT_SECONDS[match[2] || "s"] ?? 0);
  }
  if (seconds === undefined || seconds <= 0 || seconds > maxSeconds) {
    throw new WidgetTokensOptionError(
      name,
      `must be a number of seconds ("20" too) or a string like "15m", "1h", "1d" (at most ${maxSeconds}s)`,
    );
  }
  return seconds;
}

import { isRecord } from "@widget-tokens/shared";
import { WidgetTokensOptionError } from "../errors.js";

export { isRecord };

/**
 * Small eager validators for options. Each names the option path in its
 * error and never echoes the value (it may be a secret).
 */

export function requireRecord(value: unknown, name: string): Record<string, unknown> {
  if (!isRecord(value)) throw new WidgetTokensOptionError(name, "must be an object");
  return value;
}

export function requireString(value: unknown, name: string, minLength = 1): string {
  if (typeof value !== "string" || value.length < minLength) {
    throw new WidgetTokensOptionError(
      name,
      minLength > 1
        ? `must be a string of at least ${minLength} characters`
        : "is required (a non-empty string)",
    );
  }
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireString(value, name);
}

export function requireFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  name: string,
): F {
  if (typeof value !== "function") throw new WidgetTokensOptionError(name, "must be a function");
  return value as F;
}

export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  name: string,
): F | undefined {
  return value === undefined ? undefined : requireFunction<F>(value, name);
}

export function optionalNumber(
  value: unknown,
  name: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new WidgetTokensOptionError(
      name,
      `must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`,
    );
  }
  return value;
}

export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new WidgetTokensOptionError(name, "must be a boolean");
  return value;
}

export function optionalUrl(value: unknown, name: string): URL | undefined {
  if (value === undefined) return undefined;
  const text = requireString(value, name);
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    return url;
  } catch {
    throw new WidgetTokensOptionError(name, "must be an absolute http(s) URL");
  }
}

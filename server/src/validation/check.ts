import { isRecord } from "@widget-tokens/shared";
import { WidgetTokensOptionError } from "../errors.js";

export { isRecord };

/**
 * Small eager checkers for option values. Each names the option path in its
 * error and never echoes the value (it may be a secret). `readOptions` uses
 * them for every getter; use them directly for a value outside a scope.
 */

/**
 * A non-empty string (or one of at least `minLength` characters).
 *
 * @example
 * const apiKey = requireString(o.apiKey, "providers.fluz.apiKey");
 */
export function requireString(value: unknown, name: string, minLength = 1): string {
  if (typeof value === "string" && value.length > 0 && value.trim() === "") {
    // "  " from an env file is not a key: refused as missing, not used as one.
    throw new WidgetTokensOptionError(name, "is required (a non-empty string; this one is blank)");
  }
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

/**
 * Undefined, or a non-empty string.
 *
 * @example
 * const issuer = optionalString(o.issuer, "providers.gr4vy.issuer") ?? DEFAULT_ISSUER;
 */
export function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireString(value, name);
}

/**
 * A function, typed as the option declares it.
 *
 * @example
 * const identify = requireFunction<Identify>(options.identify, "identify");
 */
export function requireFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  name: string,
): F {
  if (typeof value !== "function") throw new WidgetTokensOptionError(name, "must be a function");
  return value as F;
}

/**
 * Undefined, or a function.
 *
 * @example
 * const onIssued = optionalFunction<OnIssued>(o.onIssued, "providers.fluz.onIssued");
 */
export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  name: string,
): F | undefined {
  return value === undefined ? undefined : requireFunction<F>(value, name);
}

/** Bounds of a number option. */
export interface NumberRange {
  /** Default 0. */
  min?: number;
  /** Default `Number.MAX_SAFE_INTEGER`. */
  max?: number;
  /** Refuse fractions. Default false. */
  integer?: boolean;
}

/**
 * A finite number within the range, or `fallback` when undefined.
 *
 * @example
 * const timeoutMs = optionalNumber(o.timeoutMs, "providers.jackpot.timeoutMs", 5000, { min: 1, integer: true });
 */
export function optionalNumber(
  value: unknown,
  name: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false }: NumberRange = {},
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

/**
 * A boolean, or `fallback` when undefined.
 *
 * @example
 * const loader = optionalBoolean(options.loader, "loader", true);
 */
export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new WidgetTokensOptionError(name, "must be a boolean");
  return value;
}

/**
 * Undefined, or an absolute http(s) URL.
 *
 * @example
 * const baseUrl = optionalUrl(o.baseUrl, "providers.jackpot.baseUrl");
 */
function optionalUrl(value: unknown, name: string): URL | undefined {
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

/**
 * An absolute http(s) URL without credentials (`user:password@`): a URL
 * option is logged and compared, so a password never belongs in it.
 *
 * @example
 * const baseUrl = requireUrl(o.baseUrl, "providers.jackpot.baseUrl");
 */
export function requireUrl(value: unknown, name: string): URL {
  const url = optionalUrl(value, name);
  if (url === undefined) {
    throw new WidgetTokensOptionError(name, "is required (an absolute http(s) URL)");
  }
  if (url.username !== "" || url.password !== "") {
    throw new WidgetTokensOptionError(name, "must not carry credentials");
  }
  return url;
}

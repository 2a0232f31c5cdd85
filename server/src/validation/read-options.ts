import { WidgetTokensOptionError } from "../errors.js";
import {
  type NumberRange,
  isRecord,
  optionalBoolean,
  optionalFunction,
  optionalNumber,
  optionalString,
  requireFunction,
  requireString,
  requireUrl,
} from "./check.js";
import { parseDuration } from "./duration.js";
import { nearestKey } from "./nearest-key.js";
import { deferOptionError } from "./option-errors.js";

/** The string keys of an options type; of every member, for a union (`{apiKey} | {email, password}`). */
type OptionKey<T> = T extends unknown ? Extract<keyof T, string> : never;

/** The declared type of `T[K]`, across the members of a union that have `K`. */
type OptionValue<T, K extends string> = T extends unknown
  ? K extends keyof T
    ? T[K]
    : never
  : never;

/** The object type of a nested scope (`false`, a common "off" value, excluded). */
type NestedOption<T, K extends string> = Exclude<NonNullable<OptionValue<T, K>>, false>;

type FunctionOption<T, K extends string> = Extract<
  NonNullable<OptionValue<T, K>>,
  (...args: never[]) => unknown
>;

/**
 * Every key of an options type, each exactly once: a key missing here, or
 * one the type does not have, is a compile error, so the run-time list of
 * known keys cannot drift from the public type.
 *
 * @example
 * const KEYS: OptionKeys<FluzOptions> = { apiKey: true, apiSecret: true, expiresIn: true, maxAmount: true, onIssued: true };
 */
export type OptionKeys<T> = { readonly [K in OptionKey<T>]: true };

/**
 * Typed getters over one scope of options (`providers.fluz`, `redisStore`,
 * `rateLimit.perUser`…). Every error is a `WidgetTokensOptionError` naming
 * the full path of the option (`providers.fluz.expiresIn`), never its value.
 */
export interface OptionReader<T> {
  /** The scope's own path ("" for the top level). */
  readonly scope: string;
  /** The full path of one option: `redisStore.prefix`. */
  path(key: OptionKey<T>): string;
  /** The raw value (undefined when absent), for a check no getter covers. */
  value(key: OptionKey<T>): unknown;
  /** Whether the option is set (not undefined). */
  has(key: OptionKey<T>): boolean;
  /** A required non-empty string (or one of at least `minLength` characters). */
  string(key: OptionKey<T>, minLength?: number): string;
  /** Undefined, or a non-empty string. */
  optionalString(key: OptionKey<T>): string | undefined;
  /** One of `values`, or `fallback` when absent. */
  oneOf<const V extends string>(key: OptionKey<T>, values: readonly V[], fallback: V): V;
  /** A number within `range`, or `fallback` when absent. */
  number(key: OptionKey<T>, fallback: number, range?: NumberRange): number;
  /** A boolean, or `fallback` when absent. */
  boolean(key: OptionKey<T>, fallback: boolean): boolean;
  /** A required function, typed as the option declares it. */
  function<K extends OptionKey<T>>(key: K): FunctionOption<T, K>;
  /** Undefined, or a function typed as the option declares it. */
  optionalFunction<K extends OptionKey<T>>(key: K): FunctionOption<T, K> | undefined;
  /** A lifetime in seconds, from seconds or "15m", "1h", "1d"; `fallbackSeconds` when absent. */
  duration(key: OptionKey<T>, fallbackSeconds: number, maxSeconds?: number): number;
  /** A required absolute http(s) URL without credentials. */
  url(key: OptionKey<T>): URL;
  /** A nested scope (absent reads as empty), with its own known keys. */
  nested<K extends OptionKey<T>>(
    key: K,
    keys: OptionKeys<NestedOption<T, K>>,
  ): OptionReader<NestedOption<T, K>>;
  /** An error naming this option, for a check of the caller's own. */
  fail(key: OptionKey<T>, message: string): WidgetTokensOptionError;
}

/** How unknown keys are described: "option" (default) or, say, "provider". */
export interface ReadOptionsSettings {
  what?: string;
}

const MAX_SHOWN_KEY = 64;

/**
 * Read one scope of options, once, at construction: refuse anything that is
 * not an object, refuse every key the scope does not know (naming the full
 * path and the nearest known key), and hand back typed getters.
 *
 * @example
 * const o = readOptions<FluzOptions>(config, "providers.fluz", {
 *   apiKey: true, apiSecret: true, expiresIn: true, maxAmount: true, onIssued: true,
 * });
 * const expiresIn = o.duration("expiresIn", 86_400);
 * // { expiresin: "1h" } throws:
 * // widget-tokens: option "providers.fluz.expiresin" is not a known option; did you mean "expiresIn"?
 */
export function readOptions<T>(
  value: unknown,
  scope: string,
  keys: OptionKeys<T>,
  { what = "option" }: ReadOptionsSettings = {},
): OptionReader<T> {
  // Read under `collectOptionErrors`, each problem is recorded and reading goes on
  // with a placeholder (an empty scope, the fallback), so one error lists them all.
  const record: Record<string, unknown> = isRecord(value)
    ? value
    : deferOptionError(() => {
        throw new WidgetTokensOptionError(scope || "options", "must be an object");
      }, {});
  const known = Object.keys(keys);
  const path = (key: string) => (scope === "" ? key : `${scope}.${key}`);
  for (const key of Object.keys(record)) {
    if (Object.hasOwn(keys, key)) continue;
    const guess = nearestKey(key, known);
    deferOptionError(() => {
      throw new WidgetTokensOptionError(
        path(shown(key)),
        guess === undefined
          ? `is not a known ${what} (known: ${known.join(", ")})`
          : `is not a known ${what}; did you mean "${guess}"?`,
      );
    }, undefined);
  }
  const get = (key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
  const noop = (() => undefined) as never;

  return {
    scope,
    path,
    value: get,
    has: (key) => get(key) !== undefined,
    string: (key, minLength) =>
      deferOptionError(() => requireString(get(key), path(key), minLength), ""),
    optionalString: (key) => deferOptionError(() => optionalString(get(key), path(key)), undefined),
    oneOf(key, values, fallback) {
      const v = get(key);
      if (v === undefined) return fallback;
      if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
        return deferOptionError(() => {
          throw new WidgetTokensOptionError(
            path(key),
            `must be ${values.map((x) => `"${x}"`).join(" or ")}`,
          );
        }, fallback);
      }
      return v as (typeof values)[number];
    },
    number: (key, fallback, range) =>
      deferOptionError(() => optionalNumber(get(key), path(key), fallback, range), fallback),
    boolean: (key, fallback) =>
      deferOptionError(() => optionalBoolean(get(key), path(key), fallback), fallback),
    function: (key) => deferOptionError(() => requireFunction(get(key), path(key)), noop),
    optionalFunction: (key) =>
      deferOptionError(() => optionalFunction(get(key), path(key)), undefined),
    duration: (key, fallbackSeconds, maxSeconds) =>
      deferOptionError(
        () => parseDuration(get(key), path(key), fallbackSeconds, maxSeconds),
        fallbackSeconds,
      ),
    url: (key) =>
      deferOptionError(() => requireUrl(get(key), path(key)), new URL("http://invalid.invalid/")),
    nested<K extends OptionKey<T>>(key: K, nestedKeys: OptionKeys<NestedOption<T, K>>) {
      const v = get(key);
      return readOptions<NestedOption<T, K>>(v === undefined ? {} : v, path(key), nestedKeys);
    },
    fail: (key, message) => new WidgetTokensOptionError(path(key), message),
  };
}

/** A key as an error may show it: printable, and short. */
function shown(key: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const printable = key.replace(/[\u0000-\u001f\u007f"\\]/g, "?");
  return printable.length > MAX_SHOWN_KEY ? `${printable.slice(0, MAX_SHOWN_KEY)}…` : printable;
}

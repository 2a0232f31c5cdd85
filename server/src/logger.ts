/** Where widget-tokens writes its few log lines. `console` fits. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A structured logger: `pino` (or bunyan, winston, anything with
 * `info/warn/error(obj, msg)` and a `child()` method). widget-tokens hands it
 * objects with stable field names (`{ event: "token.issued", provider, route, status }`).
 */
export interface StructuredLogger {
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
  child(bindings: Record<string, unknown>): unknown;
}

type Level = "info" | "warn" | "error";

/** A structured log event: `event` names it; the other fields are bounded values. */
export interface LogFields {
  event: string;
  [field: string]: unknown;
}

const EVENT = Symbol("widget-tokens.logEvent");
type EventSink = (level: Level, fields: LogFields, message: string) => void;

/** Errors already written to the log with their request's context: not logged again. */
const logged = new WeakSet<object>();

/** Note that `err` was logged (one line per failure). */
export function markLogged(err: unknown): void {
  if (typeof err === "object" && err !== null) logged.add(err);
}

/** Whether `err` was already logged by `markLogged`'s caller. */
export function wasLogged(err: unknown): boolean {
  return typeof err === "object" && err !== null && logged.has(err);
}

/**
 * What caused an error, for a log line: the first error code down its
 * `cause` chain (`ECONNREFUSED`, `TIMEOUT`), else the innermost cause's
 * name and message (redacted by the logger); undefined without a cause.
 *
 * @example
 * causeOf(new WidgetTokensError("STORE_UNAVAILABLE", "…", { cause: Object.assign(new Error(), { code: "ECONNREFUSED" }) })); // "ECONNREFUSED"
 */
export function causeOf(err: unknown): string | undefined {
  let cause = (err as { cause?: unknown } | null)?.cause;
  for (let depth = 0; depth < 4 && cause !== undefined && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
    const next = (cause as { cause?: unknown }).cause;
    if (next === undefined || next === null) {
      return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
    cause = next;
  }
  return undefined;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const MAX_DEPTH = 8;

/**
 * Wrap a logger so no line can carry a token or a configured secret, even
 * when it quotes a third-party error message. A structured logger (one with
 * a `child()` method, such as pino) also gets objects; their string fields are
 * redacted the same way, deeply, on a copy (the caller's object is never
 * changed).
 */
export function redactingLogger(
  target: Logger,
  secrets: () => readonly string[],
  /** Fields every line carries (the active trace and span ids): appended to a string line. */
  context?: () => Record<string, string> | undefined,
): Logger {
  const clean = (message: string): string => {
    let text = message.replace(JWT_LIKE, "[token]").replace(BEARER, "$1 [redacted]");
    for (const secret of secrets()) {
      if (secret.length >= 4) text = text.split(secret).join("[secret]");
    }
    return text;
  };
  const suffix = (): string => {
    const fields = context?.();
    if (fields === undefined) return "";
    let text = "";
    for (const name in fields) text += ` ${name}=${fields[name]}`;
    return text;
  };
  const logger: Logger & { [EVENT]?: EventSink } = {
    info: (m) => target.info(clean(m) + suffix()),
    warn: (m) => target.warn(clean(m) + suffix()),
    error: (m) => target.error(clean(m) + suffix()),
  };
  if (isStructuredLogger(target)) {
    logger[EVENT] = (level, fields, message) =>
      target[level](
        redactFields({ ...context?.(), ...fields }, clean) as Record<string, unknown>,
        clean(message),
      );
  }
  return logger;
}

/**
 * Log a structured event through a logger made by `redactingLogger`: written
 * (redacted) when the merchant's logger is structured, dropped for a
 * string-style logger (which keeps getting only the lines it always got).
 *
 * @example
 * logEvent(logger, "info", { event: "token.issued", provider: "fluz", route: "/fluz/pat-token", status: 201 }, "token issued");
 */
export function logEvent(logger: Logger, level: Level, fields: LogFields, message: string): void {
  (logger as { [EVENT]?: EventSink })[EVENT]?.(level, fields, message);
}

/**
 * One line either way: the structured event (its message included) for a
 * structured logger, the message as a string line for any other.
 *
 * @example
 * logLine(logger, "warn", { event: "token.failed", code, cause }, "widget-tokens: STORE_UNAVAILABLE … (ECONNREFUSED)");
 */
export function logLine(logger: Logger, level: Level, fields: LogFields, message: string): void {
  const sink = (logger as { [EVENT]?: EventSink })[EVENT];
  if (sink) sink(level, fields, message);
  else logger[level](message);
}

/** A deep copy of `value` with every string cleaned; cycles and depth bounded. */
function redactFields(
  value: unknown,
  clean: (text: string) => string,
  depth = 0,
  seen: WeakSet<object> = new WeakSet(),
): unknown {
  if (typeof value === "string") return clean(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[nested]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactFields(v, clean, depth + 1, seen));
    if (value instanceof Error) {
      return { name: value.name, message: clean(value.message) };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      copy[key] = redactFields(v, clean, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Whether a value can serve as a `Logger` (info, warn and error methods).
 *
 * @example
 * if (!isLogger(options.logger)) throw new WidgetTokensOptionError("logger", "must have info, warn and error methods");
 */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.info === "function" && typeof v.warn === "function" && typeof v.error === "function"
  );
}

/**
 * Whether a logger takes objects (`info(obj, msg)`): pino and its kin, told
 * apart from `console`-style loggers by their `child()` method.
 *
 * @example
 * isStructuredLogger(pino()); // true
 * isStructuredLogger(console); // false
 */
export function isStructuredLogger(value: unknown): value is StructuredLogger {
  return isLogger(value) && typeof (value as { child?: unknown }).child === "function";
}

/** Where widget-tokens writes its few log lines. `console` fits. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Wrap a logger so no line can carry a token or a configured secret, even
 * when it quotes a third-party error message.
 */
export function redactingLogger(target: Logger, secrets: () => readonly string[]): Logger {
  const clean = (message: string): string => {
    let text = message.replace(JWT_LIKE, "[token]").replace(BEARER, "$1 [redacted]");
    for (const secret of secrets()) {
      if (secret.length >= 4) text = text.split(secret).join("[secret]");
    }
    return text;
  };
  return {
    info: (m) => target.info(clean(m)),
    warn: (m) => target.warn(clean(m)),
    error: (m) => target.error(clean(m)),
  };
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

/**
 * Every secret the middleware was configured with, kept in one place: the
 * redacting logger masks them in every line, and the merchant-API proxy
 * withholds an answer that contains one.
 */
export interface SecretRegistry {
  /** A configured secret: redacted, and part of the default sealing secret. */
  register(secret: string): void;
  /** Secrets that change (a session's tokens): redacted, asked afresh each time. */
  redact(source: () => readonly string[]): void;
  /** What must never be written out, now: each registered secret, the lines of a PEM, the sources'. */
  all(): readonly string[];
  /** The registered secrets exactly as given (the default sealing secret's material). */
  registered(): readonly string[];
}

/** Shorter strings are not redacted: they would mask ordinary words. */
const MIN_LENGTH = 4;
/** A PEM body line is redacted on its own (a log line may quote one); shorter ones are not key material. */
const MIN_LINE = 16;

/**
 * A registry for one middleware.
 *
 * @example
 * const secrets = createSecretRegistry();
 * secrets.register(pem);          // the PEM, and each of its base64 lines
 * secrets.redact(() => [session.accessToken]);
 * redactingLogger(logger, secrets.all);
 */
export function createSecretRegistry(): SecretRegistry {
  const given: string[] = [];
  const expanded: string[] = [];
  const sources: Array<() => readonly string[]> = [];
  const add = (secret: string) => {
    if (secret.trim().length < MIN_LENGTH || expanded.includes(secret)) return;
    expanded.push(secret);
    if (!secret.includes("\n")) return;
    for (const line of secret.split(/\r?\n/)) {
      const text = line.trim();
      if (text.length >= MIN_LINE && !text.startsWith("-----") && !expanded.includes(text)) {
        expanded.push(text);
      }
    }
  };
  return {
    register(secret) {
      given.push(secret);
      add(secret);
    },
    redact(source) {
      sources.push(source);
    },
    all() {
      if (sources.length === 0) return expanded;
      const now = [...expanded];
      for (const source of sources) {
        for (const secret of source()) {
          if (typeof secret === "string" && secret.length >= MIN_LENGTH) now.push(secret);
        }
      }
      return now;
    },
    registered: () => given,
  };
}

/** A secret this short in an answer could be chance; the proxy's check skips it (the logger still masks it). */
const MIN_IN_ANSWER = 8;

/**
 * Whether JSON text carries one of `secrets`, as is or JSON-escaped (a
 * secret with a quote or a backslash is escaped inside a JSON string).
 *
 * @example
 * jsonContainsSecret('{"echo":{"api-key":"mk_live_123456"}}', ["mk_live_123456"]); // true
 */
export function jsonContainsSecret(text: string, secrets: readonly string[]): boolean {
  for (const secret of secrets) {
    if (secret.length < MIN_IN_ANSWER) continue;
    if (text.includes(secret)) return true;
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && text.includes(escaped)) return true;
  }
  return false;
}

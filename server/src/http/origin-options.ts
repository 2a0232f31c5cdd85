import { WidgetTokensOptionError } from "../errors.js";
import type { OptionReader } from "../validation/read-options.js";

/** Which pages may call the routes cross-origin. */
export interface OriginOptions {
  /**
   * Origins (scheme://host[:port]) whose pages may call the routes cross-origin,
   * with credentials. Same-origin pages always may.
   */
  allowedOrigins?: string[] | undefined;
  /** Extra request headers browsers may send cross-origin. */
  corsAllowHeaders?: string[] | undefined;
}

/**
 * Parse `allowedOrigins` once; each entry must be a bare origin.
 *
 * @example
 * const allowed = parseAllowedOrigins(["https://shop.example"]);
 */
function parseAllowedOrigins(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value)) {
    throw new WidgetTokensOptionError("allowedOrigins", "must be an array of origins");
  }
  const origins = new Set<string>();
  value.forEach((entry, index) => {
    const name = `allowedOrigins[${index}]`;
    let url: URL;
    try {
      url = new URL(String(entry));
    } catch {
      throw new WidgetTokensOptionError(name, 'must be an origin such as "https://shop.example"');
    }
    if (
      typeof entry !== "string" ||
      (url.protocol !== "https:" && url.protocol !== "http:") ||
      url.origin !== entry.replace(/\/$/, "")
    ) {
      throw new WidgetTokensOptionError(
        name,
        'must be an origin (scheme, host and port only) such as "https://shop.example"',
      );
    }
    origins.add(url.origin);
  });
  return origins;
}

/**
 * Check `corsAllowHeaders` once: an array of header names.
 *
 * @example
 * const extra = parseCorsAllowHeaders(["X-Csrf-Token"]);
 */
function parseCorsAllowHeaders(value: unknown): string[] {
  const headers = value ?? [];
  if (
    !Array.isArray(headers) ||
    headers.some((h) => typeof h !== "string" || !/^[A-Za-z0-9-]+$/.test(h))
  ) {
    throw new WidgetTokensOptionError("corsAllowHeaders", "must be an array of header names");
  }
  return headers as string[];
}

/** `allowedOrigins` and `corsAllowHeaders`, read and checked. */
export interface OriginSettings {
  /** `allowedOrigins`, parsed. */
  allowedOrigins: ReadonlySet<string>;
  /** `corsAllowHeaders`: extra request headers a preflight allows. */
  corsAllowHeaders: string[];
}

/**
 * Read the origin policy's options once.
 *
 * @example
 * const { allowedOrigins, corsAllowHeaders } = readOriginOptions(readOptions(options, "", keys));
 */
export function readOriginOptions(o: Pick<OptionReader<OriginOptions>, "value">): OriginSettings {
  return {
    allowedOrigins: parseAllowedOrigins(o.value("allowedOrigins")),
    corsAllowHeaders: parseCorsAllowHeaders(o.value("corsAllowHeaders")),
  };
}

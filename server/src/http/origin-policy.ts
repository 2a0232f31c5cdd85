import { WidgetTokensError, WidgetTokensOptionError } from "../errors.js";
import type { Request } from "./types.js";

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
export function parseAllowedOrigins(value: unknown): ReadonlySet<string> {
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
 * Refuse cross-site requests from browsers. A request is let through when:
 * - the browser says it is same-origin (`Sec-Fetch-Site: same-origin`), or
 * - its `Origin` is listed, or names this very host, or
 * - it carries neither header (not a browser: curl, a server, a test).
 * Anything else, `Sec-Fetch-Site: cross-site` with an unlisted origin
 * included, is a 403 `ORIGIN_NOT_ALLOWED`.
 */
export function checkOrigin(req: Request, allowed: ReadonlySet<string>): void {
  const origin = req.headers.origin;
  const site = req.headers["sec-fetch-site"];
  if (origin !== undefined && allowed.has(origin)) return;
  if (site === "same-origin") return;
  if (origin === undefined) {
    if (site === undefined || site === "none") return;
    throw notAllowed();
  }
  if (site === undefined || site === "same-site") {
    // No fetch metadata (older browser) or a sibling subdomain: only the own host passes.
    if (origin !== "null" && safeHost(origin) === req.headers.host) return;
  }
  throw notAllowed();
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function notAllowed(): WidgetTokensError {
  return new WidgetTokensError("ORIGIN_NOT_ALLOWED", "Cross-origin request refused");
}

/**
 * Check `corsAllowHeaders` once: an array of header names.
 *
 * @example
 * const extra = parseCorsAllowHeaders(["X-Csrf-Token"]);
 */
export function parseCorsAllowHeaders(value: unknown): string[] {
  const headers = value ?? [];
  if (
    !Array.isArray(headers) ||
    headers.some((h) => typeof h !== "string" || !/^[A-Za-z0-9-]+$/.test(h))
  ) {
    throw new WidgetTokensOptionError("corsAllowHeaders", "must be an array of header names");
  }
  return headers as string[];
}

/** CORS headers for an allowed origin (credentials included), or none. */
export function corsHeaders(
  req: Request,
  allowed: ReadonlySet<string>,
): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (origin === undefined || !allowed.has(origin)) return undefined;
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "Retry-After, Idempotent-Replayed",
    Vary: "Origin",
  };
}

/** The extra headers of a preflight answer. */
export function preflightHeaders(allowHeaders: readonly string[]): Record<string, string> {
  return {
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
    "Access-Control-Allow-Headers": ["Content-Type", "Idempotency-Key", ...allowHeaders].join(", "),
    "Access-Control-Max-Age": "600",
  };
}

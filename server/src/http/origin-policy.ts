import { AccessError, type WidgetTokensError } from "../errors.js";
import type { Request } from "./types.js";

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
  return new AccessError("ORIGIN_NOT_ALLOWED", "Cross-origin request refused");
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

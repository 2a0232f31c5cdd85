import type { RequestHandler } from "express";

/** Request headers squatch-js sends to the widget API. */
const ALLOWED_HEADERS = [
  "accept",
  "content-type",
  "authorization",
  "x-saasquatch-user-token",
  "x-saasquatch-referrer",
  // The sandbox's own: scopes fault switches and inspection to one test.
  "x-sandbox-scope",
];

/**
 * CORS as the widget API answers it: squatch-js calls with
 * `credentials: "include"`, so the answer names the exact calling origin
 * (never `*`) and allows credentials. `allowedOrigins` narrows who may call;
 * by default any page may embed the widget, as on impact.com.
 */
export function widgetApiCors(allowedOrigins?: readonly string[]): RequestHandler {
  const allowed = allowedOrigins ? new Set(allowedOrigins) : undefined;
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary("Origin");
    const ok = typeof origin === "string" && origin !== "null" && (!allowed || allowed.has(origin));
    if (ok) {
      res.set("Access-Control-Allow-Origin", origin);
      res.set("Access-Control-Allow-Credentials", "true");
    }
    if (req.method !== "OPTIONS") {
      next();
      return;
    }
    if (!ok) {
      res.status(403).json({
        message: "Origin not allowed",
        statusCode: 403,
        apiErrorCode: "ORIGIN_NOT_ALLOWED",
      });
      return;
    }
    const asked = String(req.headers["access-control-request-headers"] ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const refused = asked.find((h) => !ALLOWED_HEADERS.includes(h));
    if (refused !== undefined) {
      res.status(403).json({
        message: `Header ${refused} is not allowed`,
        statusCode: 403,
        apiErrorCode: "HEADER_NOT_ALLOWED",
      });
      return;
    }
    res.set("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS");
    res.set("Access-Control-Allow-Headers", ALLOWED_HEADERS.join(", "));
    res.set("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}

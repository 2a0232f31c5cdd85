import { AccessError, type WidgetTokensError } from "../errors.js";
import type { Request } from "./types.js";

/**
 * The refusal for a request `identify` found no user in: `NO_CREDENTIALS`
 * when it is a browser's cross-site request that carries neither a cookie
 * nor an `Authorization` header (the browser kept the session cookie back:
 * `SameSite=Lax` or `Strict`, or third-party cookies blocked, so the page
 * must send its credentials in a header); `UNAUTHENTICATED` otherwise.
 *
 * @example
 * if (user === null) throw signedOut(req);
 */
export function signedOut(req: Request): WidgetTokensError {
  const { cookie, authorization } = req.headers;
  return req.headers["sec-fetch-site"] === "cross-site" && !cookie && !authorization
    ? new AccessError(
        "NO_CREDENTIALS",
        "This cross-site request carries no cookie and no Authorization header: the browser does not send this site's cookies to another site's page. Send credentials in a header (the client's headers option, WidgetTokens.configure({ headers }) for the drop-in) or serve the middleware from the page's own site",
      )
    : new AccessError("UNAUTHENTICATED", "Sign in first");
}

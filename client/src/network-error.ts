import { WidgetClientError } from "./errors.js";

/**
 * Name the cause of a token request that got no answer at all. fetch hides
 * it: a server that refused this page's origin (its CORS preflight answered
 * 403) looks the same as one that is down. So, unless the browser is
 * offline, a cross-origin endpoint is asked once more with a `no-cors` HEAD
 * of `{endpoint}/loader.js`, which needs no CORS permission: if that
 * answers, the server is up and refused this page's request, and the error
 * is `ORIGIN_NOT_ALLOWED`; otherwise `NETWORK_ERROR`, with a message naming
 * both causes.
 *
 * @example
 * try { res = await fetch(url, init); }
 * catch (cause) { throw await networkError(endpoint, cause, fetch); }
 */
export async function networkError(
  endpoint: string,
  cause: unknown,
  doFetch: typeof fetch,
): Promise<WidgetClientError> {
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  let message = offline ? "The browser is offline" : "Could not reach the token endpoint";
  if (!offline && typeof location !== "undefined") {
    const target = new URL(endpoint, location.href);
    if (target.origin !== location.origin) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 5000);
      try {
        await doFetch(`${target.href}/loader.js`, {
          method: "HEAD",
          mode: "no-cors",
          credentials: "omit",
          signal: controller.signal,
        });
        return new WidgetClientError(
          "ORIGIN_NOT_ALLOWED",
          `${target.origin} refused this page's cross-origin request: add ${location.origin} to allowedOrigins (and custom request headers to corsAllowHeaders)`,
          { cause },
        );
      } catch {
        message += `, or it refused this page's origin (check allowedOrigins for ${location.origin})`;
      } finally {
        clearTimeout(timer);
      }
    }
  }
  return new WidgetClientError("NETWORK_ERROR", message, { cause });
}

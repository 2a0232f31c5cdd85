import type { ErrorBody } from "@widget-tokens/shared";
import { WidgetClientError } from "./errors.js";

/**
 * The error for a token endpoint's answer that is not a 2xx JSON body
 * (`json` false when it was not JSON): the server's error body's code,
 * message, field and upstream code, its status and `Retry-After`.
 */
export function responseError(response: Response, data: unknown, json: boolean): WidgetClientError {
  const { status } = response;
  const error = (data as Partial<ErrorBody> | undefined)?.error;
  const known = typeof error?.code === "string" ? error : undefined;
  const retry = Number(response.headers.get("Retry-After"));
  return new WidgetClientError(
    known?.code ?? "BAD_RESPONSE",
    known?.message ?? `Token endpoint answered ${status}${json ? "" : ", not JSON"}`,
    {
      status,
      field: known?.field,
      upstreamCode: known?.upstreamCode,
      retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
    },
  );
}

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
  let message = "Could not reach the token endpoint";
  if (typeof navigator !== "undefined" && navigator.onLine === false) message += ": offline";
  else if (typeof location !== "undefined") {
    const { origin, href } = new URL(endpoint, location.href);
    const page = location.origin;
    if (origin !== page) {
      try {
        await doFetch(`${href}/loader.js`, {
          method: "HEAD",
          mode: "no-cors",
          credentials: "omit",
          signal: AbortSignal.timeout?.(5000),
        });
        return new WidgetClientError(
          "ORIGIN_NOT_ALLOWED",
          `${origin} refused ${page}: list it in allowedOrigins (custom headers in corsAllowHeaders)`,
          { cause },
        );
      } catch {
        message += `, or it refused ${page} (see allowedOrigins)`;
      }
    }
  }
  return new WidgetClientError("NETWORK_ERROR", message, { cause });
}

import {
  TOKEN_ROUTES,
  type TokenRequest,
  type TokenResponse,
  type TokenRoute,
} from "@widget-tokens/shared";
import { WidgetClientError } from "./errors.js";
import { type networkError, responseError } from "./network-error.js";

/** What `response.json()` gave when the body was not JSON. */
const BAD = {};

export interface TokenApiOptions {
  /** Where the middleware is mounted, e.g. "/widget-tokens" or an absolute URL. */
  endpoint: string;
  /** Extra headers on every token request (a CSRF header, say). */
  headers?: (Record<string, string> | (() => Record<string, string>)) | undefined;
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch | undefined;
  /**
   * Give up on a token request that has not answered after this many
   * milliseconds: it fails with `TIMEOUT` (the widget's error state, from
   * which the shopper can try again). Default 15 000.
   */
  timeoutMs?: number | undefined;
}

/** How long a token request may take by default. */
const TIMEOUT_MS = 15_000;

export interface TokenApi {
  /**
   * POST a token request to its route (`TOKEN_ROUTES[route]` below the
   * endpoint) and resolve the 2xx answer. The body and the answer are typed
   * by route, from the shared HTTP contract: a wrong body does not compile.
   *
   * @example
   * const { token, jti } = await api.post("fluz", { amount: "50.00", transactionType: "DEPOSIT" });
   */
  post<R extends TokenRoute>(
    route: R,
    body: TokenRequest<R>,
    init?: { idempotencyKey?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<TokenResponse<R>>;
}

/** What names the cause of a request that got no answer (`networkError`, or the drop-in bootstrap's). */
export type Diagnose = typeof networkError;

/** A request that got no answer, undiagnosed: what a drop-in chunk has if its bootstrap gives no `diagnose`. */
const undiagnosed: Diagnose = async (_endpoint, cause) =>
  new WidgetClientError("NETWORK_ERROR", "Could not reach the token endpoint", { cause });

/**
 * The HTTP side of the client: JSON in and out, cookies included, the
 * server's error body turned into a `WidgetClientError` with its code, a
 * request that got no answer named by `diagnose` (`createTokenApi` passes
 * `networkError`, and checks the options first; a drop-in chunk gets its
 * options from its bootstrap, which checked them).
 */
export function tokenApi(options: TokenApiOptions, diagnose: Diagnose = undiagnosed): TokenApi {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const { timeoutMs = TIMEOUT_MS, headers } = options;
  return {
    async post(route, body, { idempotencyKey, signal } = {}) {
      const doFetch = options.fetch ?? fetch;
      // One signal for the caller's abort and the deadline, over the answer's body too.
      const request = new AbortController();
      const abort = () => request.abort();
      const timer = setTimeout(abort, timeoutMs);
      signal?.addEventListener("abort", abort);
      if (signal?.aborted) abort();
      /** Why the request stopped before its answer: the caller aborted it, or its deadline passed. */
      const stopped = (cause: unknown) =>
        signal?.aborted
          ? new WidgetClientError("NETWORK_ERROR", "The token request was aborted", { cause })
          : new WidgetClientError(
              "TIMEOUT",
              `The token endpoint did not answer within ${timeoutMs} ms`,
              { cause },
            );
      try {
        let response: Response;
        try {
          response = await doFetch(endpoint + TOKEN_ROUTES[route], {
            method: "POST",
            credentials: "include",
            headers: {
              ...(typeof headers === "function" ? headers() : headers),
              "Content-Type": "application/json",
              ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
            },
            body: JSON.stringify(body),
            signal: request.signal,
          });
        } catch (cause) {
          throw request.signal.aborted ? stopped(cause) : await diagnose(endpoint, cause, doFetch);
        }
        const data: unknown = await response.json().catch((cause: unknown) => {
          if (request.signal.aborted) throw stopped(cause);
          return BAD;
        });
        if (response.ok && data !== BAD) return data as TokenResponse<typeof route>;
        throw responseError(response, data, data !== BAD);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
      }
    },
  };
}

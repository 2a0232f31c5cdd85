import type { TokenRequest, TokenResponse, TokenRoute } from "@widget-tokens/shared";
import { DROP_IN_BUILD } from "./drop-in-build.js";
import { WidgetClientError } from "./errors.js";
import { networkError, responseError } from "./network-error.js";
import { TOKEN_ROUTES } from "./token-routes.js";

/** What `response.json()` gave when the body was not JSON. */
const BAD = {};

export interface TokenApiOptions {
  /** Where the middleware is mounted, e.g. "/widget-tokens" or an absolute URL. */
  endpoint: string;
  /** Extra headers on every token request (a CSRF header, say). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

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
    init?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<TokenResponse<R>>;
}

/**
 * The HTTP side of the client: JSON in and out, cookies included, the
 * server's error body turned into a `WidgetClientError` with its code.
 */
export function createTokenApi(options: TokenApiOptions): TokenApi {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  return {
    async post(route, body, init = {}) {
      // The drop-in has no way to pass one: its build drops the option.
      const doFetch = (DROP_IN_BUILD ? undefined : options.fetch) ?? fetch;
      // The drop-in passes none (a tag has no way to): its build drops this line.
      const extra = DROP_IN_BUILD
        ? undefined
        : typeof options.headers === "function"
          ? options.headers()
          : options.headers;
      const headers: Record<string, string> = {
        ...extra,
        "Content-Type": "application/json",
      };
      if (init.idempotencyKey) headers["Idempotency-Key"] = init.idempotencyKey;
      let response: Response;
      try {
        response = await doFetch(`${endpoint}${TOKEN_ROUTES[route]}`, {
          method: "POST",
          credentials: "include",
          headers,
          body: JSON.stringify(body),
          signal: init.signal,
        });
      } catch (cause) {
        if (init.signal?.aborted) {
          throw new WidgetClientError("NETWORK_ERROR", "The token request was aborted", { cause });
        }
        throw await networkError(endpoint, cause, doFetch);
      }
      const data: unknown = await response.json().catch(() => BAD);
      if (response.ok && data !== BAD) return data as TokenResponse<typeof route>;
      throw await responseError(response, data, data !== BAD);
    },
  };
}

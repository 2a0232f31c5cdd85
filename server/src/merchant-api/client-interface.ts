export type MerchantApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface MerchantApiResponse<T = unknown> {
  status: number;
  /** The parsed JSON body; undefined when empty or not JSON. */
  data: T;
}

/** A server-side client of the merchant API (`createMerchantApiClient`). */
export interface MerchantApiClient {
  /** "session" (email + password) or "apiKey". */
  readonly mode: "session" | "apiKey";
  /**
   * The longest one `request()` may take, in ms: its upstream timeouts, with
   * the session renewals and the retry it may need. Optional for a client of
   * your own.
   */
  readonly deadlineMs?: number;
  /**
   * Send one call with the current credentials and return the provider's
   * status and JSON body. Transport failures throw `UpstreamTransportError`
   * (`UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE`, `UPSTREAM_ERROR`); a session
   * that cannot be opened throws `MerchantApiAuthError`.
   */
  request<T = unknown>(
    method: MerchantApiMethod,
    path: string,
    body?: unknown,
  ): Promise<MerchantApiResponse<T>>;
  /** Close idle keep-alive sockets (and the store, if the client made it). */
  close(): Promise<void>;
  /**
   * Whether the merchant API's base URL answers at all within `timeoutMs`
   * (any HTTP status), for `middleware.health()`. Optional for a client of
   * your own: without it, the provider counts as "ok".
   */
  ping?(timeoutMs: number): Promise<boolean>;
}

/**
 * Every error the HTTP contract can answer with, and its status.
 * The server maps typed errors to HTTP here and nowhere else; the client uses
 * the same table to tell a retryable failure from a final one.
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  /** A cross-site request with no cookie and no `Authorization` header: the page must send credentials. */
  NO_CREDENTIALS: 401,
  NOTIFICATION_SIGNATURE_INVALID: 401,
  NOTIFICATION_STALE: 401,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  LEDGER_UNKNOWN_KEY: 404,
  GR4VY_TRANSACTION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  IDEMPOTENCY_IN_PROGRESS: 409,
  LEDGER_ALREADY_SETTLED: 409,
  LEDGER_SETTLEMENT_IN_PROGRESS: 409,
  LEDGER_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  LEDGER_AMOUNT_EXCEEDED: 422,
  LEDGER_PROVIDER_MISMATCH: 422,
  LEDGER_USER_MISMATCH: 422,
  LEDGER_CURRENCY_MISMATCH: 422,
  LEDGER_TYPE_MISMATCH: 422,
  GR4VY_TRANSACTION_MISMATCH: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UPSTREAM_ERROR: 502,
  UPSTREAM_REJECTED: 502,
  UPSTREAM_UNAVAILABLE: 502,
  STORE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** The request field at fault, for `INVALID_REQUEST`. */
    field?: string;
    /** The provider's own error code, for `UPSTREAM_REJECTED`. */
    upstreamCode?: string;
  };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

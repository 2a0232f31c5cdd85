import { ERROR_STATUS, type ErrorCode } from "@widget-tokens/shared";

export interface WidgetTokensErrorDetails {
  /** The request field at fault (`INVALID_REQUEST`). */
  field?: string | undefined;
  /** Seconds until a retry may succeed (`RATE_LIMITED`). */
  retryAfter?: number | undefined;
  /** The provider's own error code (`UPSTREAM_REJECTED`). */
  upstreamCode?: string | undefined;
  cause?: unknown | undefined;
}

/**
 * The one error type request handling throws. Its `code` is stable and
 * public; `status` follows from the code (see `ERROR_STATUS`), so the mapping
 * to HTTP lives in one table.
 *
 * @example
 * throw new WidgetTokensError("INVALID_REQUEST", "amount must be at most 10000", { field: "amount" });
 */
export class WidgetTokensError extends Error {
  override readonly name: string = "WidgetTokensError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(code: ErrorCode, message: string, details: WidgetTokensErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = details.field;
    this.retryAfter = details.retryAfter;
    this.upstreamCode = details.upstreamCode;
  }
}

/** A 400 naming the field at fault. */
export function invalidRequest(field: string, message: string): WidgetTokensError {
  return new WidgetTokensError("INVALID_REQUEST", message, { field });
}

/**
 * Thrown at construction when an option is missing or malformed. The message
 * names the option path (`providers.fluz.apiSecret`), never its value.
 */
export class WidgetTokensOptionError extends TypeError {
  override readonly name: string = "WidgetTokensOptionError";
  readonly code = "ERR_INVALID_OPTION";
  readonly option: string;

  constructor(option: string, message: string) {
    super(`widget-tokens: option "${option}" ${message}`);
    this.option = option;
  }
}

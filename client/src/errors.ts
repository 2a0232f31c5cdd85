import type { ErrorCode } from "@widget-tokens/shared";

/**
 * A failed token request or widget step. `code` is the server's stable error
 * code (`INVALID_REQUEST`, `RATE_LIMITED`, …) or a client-side one
 * (`NETWORK_ERROR`, `SCRIPT_LOAD_FAILED`, `WIDGET_ERROR`).
 */
export class WidgetClientError extends Error {
  override readonly name = "WidgetClientError";
  readonly code:
    | ErrorCode
    | "NETWORK_ERROR"
    | "BAD_RESPONSE"
    | "SCRIPT_LOAD_FAILED"
    | "WIDGET_ERROR";
  readonly status: number | undefined;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  /** The provider's own error code, for `UPSTREAM_REJECTED`. */
  readonly upstreamCode: string | undefined;
  constructor(
    code: WidgetClientError["code"],
    message: string,
    details: {
      status?: number;
      field?: string;
      retryAfter?: number;
      upstreamCode?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.field = details.field;
    this.retryAfter = details.retryAfter;
    this.upstreamCode = details.upstreamCode;
  }
}

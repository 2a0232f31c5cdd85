import type { ErrorCode } from "@widget-tokens/shared";

/**
 * A failed token request or widget step. `code` is the server's stable error
 * code (`INVALID_REQUEST`, `RATE_LIMITED`, …) or a client-side one
 * (`NETWORK_ERROR`, `TIMEOUT`, `SCRIPT_LOAD_FAILED`, `WIDGET_ERROR`).
 */
export class WidgetClientError extends Error {
  // `declare`d and set in the constructor: the same own properties, without
  // the class-field helpers a target below ES2022 would bundle for them.
  /** `ScriptLoadError` for its subclass (a script that did not load). */
  declare readonly name: "WidgetClientError" | "ScriptLoadError";
  declare readonly code:
    | ErrorCode
    | "NETWORK_ERROR"
    | "TIMEOUT"
    | "BAD_RESPONSE"
    | "SCRIPT_LOAD_FAILED"
    | "WIDGET_ERROR";
  declare readonly status: number | undefined;
  declare readonly field: string | undefined;
  declare readonly retryAfter: number | undefined;
  /** The provider's own error code, for `UPSTREAM_REJECTED`. */
  declare readonly upstreamCode: string | undefined;
  constructor(
    code: WidgetClientError["code"],
    message: string,
    details: {
      status?: number | undefined;
      field?: string | undefined;
      retryAfter?: number | undefined;
      upstreamCode?: string | undefined;
      cause?: unknown | undefined;
    } = {},
  ) {
    // Error reads `cause` from `details` (when it has one); the rest become own fields.
    super(message, details);
    Object.assign(this, details, { name: "WidgetClientError", code });
  }
}

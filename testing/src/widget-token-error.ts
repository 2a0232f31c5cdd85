import type { ReceivedToken } from "@widget-tokens/sandbox";

/**
 * Why `widgetTokens.received()` rejected: `REFUSED` (the stand-in received a
 * token but its verdict is not `valid`; `token` is its record), `TIMEOUT`
 * (no matching token arrived in time) or `USER_REQUIRED` (the next token came
 * from your app's server, with no test scope, and no `user` was named: any
 * test's token would have matched; `token` is its record).
 */
export type WidgetTokenErrorCode = "REFUSED" | "TIMEOUT" | "USER_REQUIRED";

/**
 * A token a test waited for did not arrive, or arrived and was refused. The
 * message says which provider, the verdict and the reason, or what arrived
 * instead.
 *
 * @example
 * await expect(widgetTokens.received("fluz")).rejects.toThrow(/verdict "expired"/);
 */
export class WidgetTokenError extends Error {
  override readonly name = "WidgetTokenError";
  constructor(
    readonly code: WidgetTokenErrorCode,
    message: string,
    /** The token's record (`REFUSED`, `USER_REQUIRED`); undefined for `TIMEOUT`. */
    readonly token?: ReceivedToken,
  ) {
    super(message);
  }
}

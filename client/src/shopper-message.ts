/**
 * A short sentence a shopper can act on, for an error of the client (what
 * the drop-in shows next to its element). The developer's detail stays in
 * `error.message` and the `widget-tokens:error` event; this text never
 * repeats it.
 *
 * @example
 * widgets.fluz.on("error", ({ error }) => (status.textContent = shopperMessage(error)));
 * // UNAUTHENTICATED → "Please sign in to continue."
 */
export function shopperMessage(error: unknown): string {
  const { code, field } = (error ?? {}) as { code?: unknown; field?: unknown };
  switch (code) {
    case "UNAUTHENTICATED":
      return "Please sign in to continue.";
    case "RATE_LIMITED":
      return "Too many attempts. Please wait a moment and try again.";
    case "ORIGIN_NOT_ALLOWED":
      return "This page is not allowed to open this widget.";
    case "FORBIDDEN":
      return "This request is not allowed.";
    case "INVALID_REQUEST":
      return field === "amount" ? "This amount is not accepted." : "This request is not valid.";
    case "NETWORK_ERROR":
      return "Could not connect. Check your connection and try again.";
    case "SCRIPT_LOAD_FAILED":
      return "The widget could not be loaded. Please try again.";
    case "UPSTREAM_ERROR":
    case "UPSTREAM_REJECTED":
    case "UPSTREAM_UNAVAILABLE":
    case "UPSTREAM_TIMEOUT":
      return "The service is not responding. Please try again later.";
    default:
      return "Something went wrong. Please try again.";
  }
}

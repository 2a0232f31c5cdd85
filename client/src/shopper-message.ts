const TEXT: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: "Please sign in to continue.",
  NO_CREDENTIALS: "Your browser did not send your sign-in.",
  RATE_LIMITED: "Too many attempts. Please wait a moment.",
  ORIGIN_NOT_ALLOWED: "This page may not open this widget.",
  FORBIDDEN: "This request is not allowed.",
  INVALID_REQUEST: "This request is not valid.",
  NETWORK_ERROR: "Could not connect. Please try again.",
  TIMEOUT: "This is taking too long. Please try again.",
  SCRIPT_LOAD_FAILED: "The widget could not load. Please try again.",
  UPSTREAM: "The service is not responding. Please try again later.",
  UPSTREAM_REJECTED: "The provider declined this request.",
};

/**
 * A short sentence a shopper can act on, for an error of the client (what
 * the drop-in shows next to its element): one per error code, every
 * `UPSTREAM_*` outage alike (`UPSTREAM_REJECTED`, the provider's refusal, has its own), "Something went wrong" for the rest. The developer's
 * detail stays in `error.message` and the `error` event; this text never
 * repeats it.
 *
 * @example
 * widgets.fluz.on("error", ({ error }) => (status.textContent = shopperMessage(error)));
 * // UNAUTHENTICATED → "Please sign in to continue."
 */
export function shopperMessage(error: unknown): string {
  const { code, field } = (error ?? {}) as { code?: unknown; field?: unknown };
  const key = String(code);
  if (key === "INVALID_REQUEST" && field === "amount") return "This amount is not accepted.";
  return (
    TEXT[key] ??
    TEXT[key.startsWith("UPSTREAM") ? "UPSTREAM" : key] ??
    "Something went wrong. Please try again."
  );
}

// What the shop says when something fails: from the error's code and field,
// never the server's or the provider's own wording (written for developers).

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/**
 * A shopper-facing sentence for a `WidgetClientError` (or a server error body's
 * `error`). `context.max` is the form's largest amount, in dollars.
 */
export function explain(error, context = {}) {
  switch (error?.code) {
    case "INVALID_REQUEST":
      return invalidField(error, context);
    case "FORBIDDEN":
      // The shop's own policy wrote it for the shopper ("You can withdraw at most $240.00").
      return error.field ? error.message : "This is not available for your account.";
    case "UNAUTHENTICATED":
      return "Please sign in again.";
    case "RATE_LIMITED":
      return error.retryAfter
        ? `Too many attempts — try again in ${Math.ceil(error.retryAfter)} s.`
        : "Too many attempts — try again in a moment.";
    case "ORIGIN_NOT_ALLOWED":
      return "This page is not allowed to do that. Open the shop from its own address.";
    case "NETWORK_ERROR":
      return "The shop could not be reached. Check your connection and try again.";
    case "TIMEOUT":
      // The drop-in's own message beside the button says the same (client shopperMessage).
      return "This is taking too long. Please try again.";
    case "SCRIPT_LOAD_FAILED":
      return "The payment provider could not be reached. Please try again in a moment.";
    case "UPSTREAM_REJECTED":
      return "The provider declined this request.";
    case "UPSTREAM_ERROR":
    case "UPSTREAM_UNAVAILABLE":
    case "UPSTREAM_TIMEOUT":
      return "Our partner is not answering right now. Please try again in a moment.";
    case "STORE_UNAVAILABLE":
    case "INTERNAL_ERROR":
    case "BAD_RESPONSE":
      return "Something went wrong on our side. Please try again in a moment.";
    case "WIDGET_ERROR":
      return "The widget could not be shown. Please reload the page and try again.";
    default:
      return "Something went wrong. Please try again.";
  }
}

function invalidField(error, { max }) {
  const message = String(error.message ?? "");
  if (error.field === "amount") {
    if (/empty/.test(message)) return "Enter an amount.";
    if (/decimals/.test(message)) return "Enter at most two decimals, such as 50.25.";
    if (/at most|too large|too long/.test(message)) {
      return max ? `Enter an amount up to ${money.format(max)}.` : "Enter a smaller amount.";
    }
    if (/greater than 0|at least/.test(message)) return "Enter an amount greater than $0.00.";
    return "Enter an amount in dollars and cents, such as 50.00.";
  }
  if (error.field === "email") return "Enter a valid email address.";
  if (error.field === "transactionType") return "Choose deposit or withdraw.";
  return "Please check what you entered and try again.";
}

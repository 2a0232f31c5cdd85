// The store credit shown on the page is the server's figure. The page never
// reports a transfer: after a widget says it succeeded, the page asks the
// shop's server whether the provider's own notification settled it.

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** How often, and how long, the page asks (the provider's notification usually lands at once). */
const POLL_MS = 500;
const GIVE_UP_MS = 60_000;

/**
 * Ask the shop's server `url` every half second until its answer's `status`
 * is `done`, for at most a minute; resolves the last answer. A refusal
 * throws an error with the server's `code`.
 */
async function askUntil(url, done) {
  const until = Date.now() + GIVE_UP_MS;
  for (;;) {
    const res = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw Object.assign(new Error(body?.error?.message ?? "The server could not be asked"), {
        code: body?.error?.code ?? "NETWORK_ERROR",
      });
    }
    if (body.status === done || Date.now() >= until) return body;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Wait until the shop's server says the provider's transaction `reference`
 * settled (its notification reached the server and settled the ledger
 * entry), then show the balance it answers. Resolves `{status: "settled",
 * balance}`, or `{status: "pending"}` when nothing settled within a minute.
 * A refusal throws an error with the server's `code`.
 */
export async function awaitSettlement(provider, reference) {
  const url = `/account/transfers/${encodeURIComponent(provider)}/${encodeURIComponent(reference)}`;
  const body = await askUntil(url, "settled");
  if (body.status === "settled") {
    const shown = document.getElementById("balance");
    if (shown) shown.textContent = money.format(body.balance / 100);
  }
  return body;
}

/**
 * Wait until the shop's server says impact.com confirmed, server to server,
 * that a referral widget verified this shopper (its notification settled the
 * widget's ledger entry). Resolves `{status: "confirmed", confirmedAt}`, or
 * `{status: "pending"}` after a minute.
 */
export function awaitReferralConfirmation() {
  return askUntil("/account/referral", "confirmed");
}

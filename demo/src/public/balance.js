// The store credit shown on the page is the server's figure. The page never
// reports a transfer: after a widget says it succeeded, the page asks the
// shop's server whether the provider's own notification settled it.

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** How often, and how long, the page asks (the provider's notification usually lands at once). */
const POLL_MS = 500;
const GIVE_UP_MS = 60_000;

/**
 * Wait until the shop's server says the provider's transaction `reference`
 * settled (its notification reached the server and settled the ledger
 * entry), then show the balance it answers. Resolves `{status: "settled",
 * balance}`, or `{status: "pending"}` when nothing settled within a minute.
 * A refusal throws an error with the server's `code`.
 */
export async function awaitSettlement(provider, reference) {
  const url = `/account/transfers/${encodeURIComponent(provider)}/${encodeURIComponent(reference)}`;
  const until = Date.now() + GIVE_UP_MS;
  for (;;) {
    const res = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw Object.assign(new Error(body?.error?.message ?? "The transfer could not be checked"), {
        code: body?.error?.code ?? "NETWORK_ERROR",
      });
    }
    if (body.status === "settled") {
      const shown = document.getElementById("balance");
      if (shown) shown.textContent = money.format(body.balance / 100);
      return body;
    }
    if (Date.now() >= until) return body;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// The store credit shown on the page is the server's figure: this module
// reports a transfer the provider confirmed and shows the balance it answers.

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/**
 * Tell the shop's server about a transfer the provider confirmed. The server
 * changes the balance once, and only for a transfer it issued the token for;
 * it answers with the balance in cents, which replaces the one on the page.
 * A refusal throws an error with the server's `code`.
 */
export async function reportTransfer(transfer) {
  const res = await fetch("/account/transfers", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(transfer),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw Object.assign(new Error(body?.error?.message ?? "The transfer was not recorded"), {
      code: body?.error?.code ?? "NETWORK_ERROR",
    });
  }
  const shown = document.getElementById("balance");
  if (shown) shown.textContent = money.format(body.balance / 100);
  return body;
}

import escapeHtml from "escape-html";

/** The signed-in shopper, as the sign-in form made it. */
export interface ShopUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

const NAV = [
  ["/account", "Account"],
  ["/refer", "Refer a friend"],
  ["/checkout", "Checkout"],
  ["/vouchers", "Vouchers"],
] as const;

/** The shop's own message for a widget that failed: `role="alert"`, as a test finds it. */
const ERROR_SCRIPT = `<script>
document.addEventListener("widget-tokens:error", (event) => {
  const alert = document.getElementById("shop-alert");
  const message = event.detail && event.detail.error && event.detail.error.message;
  alert.textContent = "Sorry, that did not work: " + (message || "please try again.");
  alert.hidden = false;
});
document.addEventListener("widget-tokens:open", () => {
  document.getElementById("shop-alert").hidden = true;
});
</script>`;

interface PageInput {
  title: string;
  user: ShopUser | null;
  body: string;
  /** The drop-in loader's `data-*` attributes; no loader without. */
  loader?: Record<string, string>;
}

/** One page of the shop. */
function page({ title, user, body, loader }: PageInput): string {
  const nav = user
    ? `<nav>${NAV.map(([href, label]) => `<a href="${href}">${label}</a>`).join(" · ")}
       <span>Signed in as ${escapeHtml(`${user.firstName} ${user.lastName}`.trim())} (${escapeHtml(user.id)})</span>
       <form method="post" action="/sign-out"><button>Sign out</button></form></nav>`
    : "";
  const attrs = Object.entries(loader ?? {})
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Example shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
nav{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;margin-bottom:1.5rem}
section{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.5rem .75rem;border-radius:6px}
label{display:block;margin:.5rem 0 .25rem}button{margin-top:.5rem}</style>
${loader ? `<script src="/widget-tokens/loader.js"${attrs} defer></script>` : ""}
</head><body>
${nav}
<h1>${escapeHtml(title)}</h1>
<p role="alert" id="shop-alert" hidden></p>
${body}
${loader ? ERROR_SCRIPT : ""}
</body></html>`;
}

export function signInPage(error?: string): string {
  return page({
    title: "Sign in",
    user: null,
    body: `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/sign-in">
  <label for="user-id">User id</label><input id="user-id" name="userId" required>
  <label for="first-name">First name</label><input id="first-name" name="firstName">
  <label for="last-name">Last name</label><input id="last-name" name="lastName">
  <button type="submit">Sign in</button>
</form>`,
  });
}

/** An amount field that a drop-in button reads at click time (`data-amount`). */
const amountFor = (input: string, buttons: string) => `<script>
document.getElementById("${input}").addEventListener("input", (event) => {
  for (const b of document.querySelectorAll("${buttons}")) b.dataset.amount = event.target.value;
});
</script>`;

export function accountPage(
  user: ShopUser,
  loader: Record<string, string>,
  has: { fluz: boolean; merchantApi: boolean },
): string {
  const fluz = has.fluz
    ? `<section aria-labelledby="fluz-title"><h2 id="fluz-title">Fluz wallet</h2>
  <label for="amount">Amount</label><input id="amount" value="20.00" inputmode="decimal">
  <div>
    <button data-widget="fluz" data-amount="20.00" data-transaction-type="WITHDRAW">Withdraw</button>
    <button data-widget="fluz" data-amount="20.00" data-transaction-type="DEPOSIT">Deposit</button>
  </div>
  ${amountFor("amount", '[data-widget="fluz"]')}
</section>`
    : "";
  const merchantApi = has.merchantApi
    ? `<section aria-labelledby="profile-title"><h2 id="profile-title">Partner profile</h2>
  <button id="create-profile">Create customer profile</button>
  <p id="profile-status" role="status"></p>
  <script>
  document.getElementById("create-profile").addEventListener("click", async () => {
    const status = document.getElementById("profile-status");
    const alert = document.getElementById("shop-alert");
    alert.hidden = true;
    status.textContent = "Creating…";
    const res = await fetch("/widget-tokens/merchant-api/v2/customer/create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(${JSON.stringify({ email: user.email, firstName: user.firstName, lastName: user.lastName })}),
    }).catch(() => null);
    const body = res ? await res.json().catch(() => null) : null;
    if (res && res.ok) {
      status.textContent = "Profile created" + (body && body.id ? " (" + body.id + ")" : "");
    } else {
      status.textContent = "";
      alert.textContent = "We could not create your profile: " + ((body && ((body.error && body.error.message) || body.message)) || "please try again.");
      alert.hidden = false;
    }
  });
  </script>
</section>`
    : "";
  return page({ title: "Your account", user, loader, body: fluz + merchantApi });
}

export function referPage(user: ShopUser, loader: Record<string, string>): string {
  return page({
    title: "Refer a friend",
    user,
    loader,
    body: `<div id="referrals" data-widget="impact" data-impact-widget="p/referral-program/w/referrerWidget"></div>`,
  });
}

/** The cart every shopper has: $182.99. */
export const CART = { amount: 18299, currency: "USD", label: "$182.99" } as const;

export function checkoutPage(user: ShopUser, loader: Record<string, string>): string {
  return page({
    title: "Checkout",
    user,
    loader,
    body: `<p>Your cart: one pair of trail shoes, ${CART.label}.</p>
<form id="checkout" method="post" action="/orders">
  <div data-widget="gr4vy" data-form="#checkout" data-country="US"></div>
  <button type="submit">Pay ${CART.label}</button>
</form>`,
  });
}

export function orderPage(user: ShopUser, status: string): string {
  const ok = status === "authorization_succeeded" || status === "capture_succeeded";
  return page({
    title: ok ? "Thank you, your order is confirmed" : "Your payment was declined",
    user,
    body: `<p>Gr4vy said: ${escapeHtml(status || "no transaction")}.</p><a href="/checkout">Back to checkout</a>`,
  });
}

export function vouchersPage(user: ShopUser, loader: Record<string, string>): string {
  return page({
    title: "Vouchers",
    user,
    loader,
    body: `<label for="voucher-value">Value to convert</label>
<input id="voucher-value" value="25.00" inputmode="decimal">
<div><button data-widget="jackpot" data-amount="25.00">Convert voucher</button></div>
${amountFor("voucher-value", '[data-widget="jackpot"]')}`,
  });
}

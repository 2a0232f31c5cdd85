// The account page's shared module: one widget client, toasts and the activity list.
// The all-in-one client (every adapter, configured by key from the page config).
import { createWidgetClient } from "/assets/client/all.js";

const config = JSON.parse(document.getElementById("demo-config").textContent);
export const widgets = createWidgetClient(config);
export { config };

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
export const formatMoney = (n) => money.format(Number(n));

export function toast(message, kind = "info") {
  const box = document.getElementById("toasts");
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = message;
  box.append(el);
  setTimeout(() => el.remove(), 6000);
}

export function activity(title, detail, kind = "info") {
  const list = document.getElementById("activity");
  list.querySelector(".empty")?.remove();
  const li = document.createElement("li");
  li.className = kind;
  li.dataset.kind = kind;
  const t = document.createElement("strong");
  t.textContent = title;
  const d = document.createElement("span");
  d.className = "muted";
  d.textContent = detail;
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  li.append(t, d, time);
  list.prepend(li);
  return {
    /** Turn this entry into another state (a pending transfer that settled). */
    update(title, detail, kind) {
      li.className = kind;
      li.dataset.kind = kind;
      t.textContent = title;
      d.textContent = detail;
    },
  };
}

/** Show an error from the client in words a shopper understands. */
export { explain } from "/assets/messages.js";
export { awaitReferralConfirmation, awaitSettlement } from "/assets/balance.js";

/**
 * Enable the buttons a section rendered disabled until its script had wired
 * them up: a click that lands before that would submit the bare form.
 */
export function scriptReady(root) {
  for (const button of root.querySelectorAll("[data-needs-script]")) {
    button.removeAttribute("data-needs-script");
    button.disabled = false;
  }
}

// Only a status line: the drop-in loader opens the widgets on its own.
const status = document.getElementById("drop-in-status");
const names = { fluz: "Fluz", jackpot: "Jackpot", impact: "Referral widget", gr4vy: "Checkout" };
const say = (text) => {
  status.textContent = text;
};
const who = (e) => names[e.target.closest("[data-widget]")?.dataset.widget] ?? "Widget";
// The referral widget mounts by itself on load; only buttons drive the status line.
const fromButton = (e) => e.target.closest("button[data-widget]") !== null;
document.addEventListener("widget-tokens:open", (e) => fromButton(e) && say(`${who(e)} is open…`));
document.addEventListener(
  "widget-tokens:close",
  (e) => fromButton(e) && say(`${who(e)}: closed without confirming.`),
);
document.addEventListener("widget-tokens:success", (e) => {
  const d = e.detail.detail ?? {};
  say(`${who(e)}: confirmed ${d.transactionId ?? d.conversionId ?? ""}`.trim());
});
document.addEventListener("widget-tokens:error", (e) =>
  say(`${who(e)} error: ${e.detail.error.message}`),
);

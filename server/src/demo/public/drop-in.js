// Only a status line: the drop-in loader opens the widget on its own.
const status = document.getElementById("drop-in-status");
const say = (text) => {
  status.textContent = text;
};
document.addEventListener("widget-tokens:open", () => say("Fluz is open…"));
document.addEventListener("widget-tokens:close", () => say("Closed without confirming."));
document.addEventListener("widget-tokens:success", (e) =>
  say(`Confirmed: ${e.detail.detail.transactionId}`),
);
document.addEventListener("widget-tokens:error", (e) => say(`Error: ${e.detail.error.message}`));

import { activity, explain, formatMoney, scriptReady, toast, widgets } from "/assets/account.js";

const form = document.getElementById("jackpot-form");
const input = document.getElementById("jackpot-amount-input");
const errorBox = document.getElementById("jackpot-error");
const balance = document.getElementById("balance");
let pending = false;

widgets.jackpot.on("open", () => {
  document.body.dataset.jackpot = "open";
});
widgets.jackpot.on("success", (event) => {
  document.body.dataset.jackpot = "success";
  pending = false;
  const { amount, conversionId } = event.detail;
  const current = Number(balance.textContent.replace(/[^0-9.]/g, ""));
  balance.textContent = formatMoney(current + Number(amount));
  activity("Voucher converted", `${formatMoney(amount)} · Jackpot ${conversionId}`, "success");
  toast(`${formatMoney(amount)} added to your store credit`, "success");
});
widgets.jackpot.on("close", () => {
  document.body.dataset.jackpot = "closed";
  if (pending) activity("Voucher conversion cancelled", "Closed without converting", "muted");
  pending = false;
});
widgets.jackpot.on("error", (event) => {
  document.body.dataset.jackpot = "error";
  errorBox.textContent = event.error?.code?.startsWith("UPSTREAM_")
    ? "Jackpot is not answering right now. Please try again in a moment."
    : explain(event.error);
  errorBox.hidden = false;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  errorBox.hidden = true;
  const button = form.querySelector("button");
  button.disabled = true;
  pending = true;
  try {
    await widgets.jackpot.open({ amount: input.value.trim() });
  } catch {
    pending = false; // shown by the error listener
  } finally {
    button.disabled = false;
  }
});
scriptReady(form);

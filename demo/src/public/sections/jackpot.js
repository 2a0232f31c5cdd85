import {
  activity,
  explain,
  formatMoney,
  reportTransfer,
  scriptReady,
  toast,
  widgets,
} from "/assets/account.js";

const form = document.getElementById("jackpot-form");
const input = document.getElementById("jackpot-amount-input");
const errorBox = document.getElementById("jackpot-error");
let pending = false;

widgets.jackpot.on("open", () => {
  document.body.dataset.jackpot = "open";
});
widgets.jackpot.on("success", async (event) => {
  pending = false;
  const { amount, conversionId } = event.detail;
  try {
    // The server credits a conversion once, for a session it started.
    await reportTransfer({ provider: "jackpot", transactionId: conversionId, amount });
    activity("Voucher converted", `${formatMoney(amount)} · Jackpot ${conversionId}`, "success");
    toast(`${formatMoney(amount)} added to your store credit`, "success");
    document.body.dataset.jackpot = "success";
  } catch {
    const message =
      "Jackpot converted your voucher, but we could not update your balance. Please contact us.";
    activity("Voucher not credited", message, "error");
    errorBox.textContent = message;
    errorBox.hidden = false;
    document.body.dataset.jackpot = "unrecorded";
  }
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
    : explain(event.error, { max: Number(input.dataset.max) });
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

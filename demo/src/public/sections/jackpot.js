import {
  activity,
  awaitSettlement,
  explain,
  formatMoney,
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
  // Credited once Jackpot's own notification reached the shop's server, not on the widget's word.
  document.body.dataset.jackpot = "pending";
  const entry = activity(
    "Voucher pending",
    `${formatMoney(amount)} · waiting for Jackpot to confirm it to us`,
    "pending",
  );
  try {
    const answer = await awaitSettlement("jackpot", String(conversionId ?? ""));
    if (answer.status !== "settled") {
      entry.update(
        "Voucher not confirmed yet",
        "Jackpot has not confirmed this voucher to us yet: your balance changes once it does.",
        "pending",
      );
      document.body.dataset.jackpot = "unconfirmed";
      return;
    }
    entry.update(
      "Voucher converted",
      `${formatMoney(amount)} · Jackpot ${conversionId}`,
      "success",
    );
    toast(`${formatMoney(amount)} added to your store credit`, "success");
    document.body.dataset.jackpot = "success";
  } catch {
    const message = "We could not check this voucher with our server. Please reload the page.";
    entry.update("Voucher not checked", message, "error");
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

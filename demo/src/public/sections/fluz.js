import {
  activity,
  awaitSettlement,
  explain,
  formatMoney,
  scriptReady,
  toast,
  widgets,
} from "/assets/account.js";

const form = document.getElementById("fluz-form");
const input = document.getElementById("fluz-amount-input");
const errorBox = document.getElementById("fluz-error");
let pending = null;

widgets.fluz.on("open", () => {
  document.body.dataset.fluz = "open";
});
widgets.fluz.on("success", async (event) => {
  const { amount, transactionType, transactionId } = event.detail;
  const verb = transactionType === "WITHDRAW" ? "Withdrawal" : "Deposit";
  pending = null;
  // The widget's word is not the shop's: the balance changes once Fluz's own
  // notification reached the shop's server and settled the transfer.
  document.body.dataset.fluz = "pending";
  const entry = activity(
    `${verb} pending`,
    `${formatMoney(amount)} · waiting for Fluz to confirm it to us`,
    "pending",
  );
  try {
    const answer = await awaitSettlement("fluz", String(transactionId ?? ""));
    if (answer.status !== "settled") {
      entry.update(
        `${verb} not confirmed yet`,
        "Fluz has not confirmed this transfer to us yet: your balance changes once it does.",
        "pending",
      );
      document.body.dataset.fluz = "unconfirmed";
      return;
    }
    entry.update(`${verb} confirmed`, `${formatMoney(amount)} · Fluz ${transactionId}`, "success");
    toast(`${verb} of ${formatMoney(amount)} confirmed`, "success");
    document.body.dataset.fluz = "success";
  } catch {
    const message = "We could not check this transfer with our server. Please reload the page.";
    entry.update(`${verb} not checked`, message, "error");
    errorBox.textContent = message;
    errorBox.hidden = false;
    document.body.dataset.fluz = "unrecorded";
  }
});
widgets.fluz.on("close", () => {
  document.body.dataset.fluz = "closed";
  if (pending) activity(`${pending} cancelled`, "Closed without confirming", "muted");
});
widgets.fluz.on("error", (event) => {
  document.body.dataset.fluz = "error";
  errorBox.textContent = explain(event.error, { max: Number(input.dataset.max) });
  errorBox.hidden = false;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const type = event.submitter?.dataset.action ?? "DEPOSIT";
  errorBox.hidden = true;
  pending = type === "WITHDRAW" ? "Withdrawal" : "Deposit";
  for (const b of form.querySelectorAll("button")) b.disabled = true;
  try {
    await widgets.fluz.open({ amount: input.value.trim(), transactionType: type });
  } catch {
    // shown by the error listener
  } finally {
    for (const b of form.querySelectorAll("button")) b.disabled = false;
  }
});
scriptReady(form);

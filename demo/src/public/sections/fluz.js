import { activity, explain, formatMoney, scriptReady, toast, widgets } from "/assets/account.js";

const form = document.getElementById("fluz-form");
const input = document.getElementById("fluz-amount-input");
const errorBox = document.getElementById("fluz-error");
const balance = document.getElementById("balance");
let pending = null;

widgets.fluz.on("open", () => {
  document.body.dataset.fluz = "open";
});
widgets.fluz.on("success", (event) => {
  document.body.dataset.fluz = "success";
  const { amount, transactionType, transactionId } = event.detail;
  const current = Number(balance.textContent.replace(/[^0-9.]/g, ""));
  const next = transactionType === "WITHDRAW" ? current - amount : current + amount;
  balance.textContent = formatMoney(next);
  const verb = transactionType === "WITHDRAW" ? "Withdrawal" : "Deposit";
  activity(`${verb} confirmed`, `${formatMoney(amount)} · Fluz ${transactionId}`, "success");
  toast(`${verb} of ${formatMoney(amount)} confirmed`, "success");
});
widgets.fluz.on("close", () => {
  document.body.dataset.fluz = "closed";
  if (pending) activity(`${pending} cancelled`, "Closed without confirming", "muted");
});
widgets.fluz.on("error", (event) => {
  document.body.dataset.fluz = "error";
  errorBox.textContent = explain(event.error);
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

import {
  activity,
  explain,
  formatMoney,
  reportTransfer,
  scriptReady,
  toast,
  widgets,
} from "/assets/account.js";

const form = document.getElementById("fluz-form");
const input = document.getElementById("fluz-amount-input");
const errorBox = document.getElementById("fluz-error");
let pending = null;
/** The open transfer's token id: the server credits only what it issued. */
let jti = null;

widgets.fluz.on("open", () => {
  document.body.dataset.fluz = "open";
});
widgets.fluz.on("success", async (event) => {
  const { amount, transactionType, transactionId } = event.detail;
  const verb = transactionType === "WITHDRAW" ? "Withdrawal" : "Deposit";
  pending = null;
  try {
    // The balance is the server's: it changes once Fluz confirmed a transfer the shop issued.
    await reportTransfer({
      provider: "fluz",
      ref: jti ?? undefined,
      transactionId,
      amount,
      transactionType,
    });
    activity(`${verb} confirmed`, `${formatMoney(amount)} · Fluz ${transactionId}`, "success");
    toast(`${verb} of ${formatMoney(amount)} confirmed`, "success");
    document.body.dataset.fluz = "success";
  } catch (err) {
    const message =
      err.code === "INSUFFICIENT_BALANCE"
        ? "Your store credit changed in the meantime: this withdrawal was not applied."
        : "Fluz confirmed the transfer, but we could not update your balance. Please contact us.";
    activity(`${verb} not applied`, message, "error");
    errorBox.textContent = message;
    errorBox.hidden = false;
    document.body.dataset.fluz = "unrecorded";
  } finally {
    jti = null;
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
    ({ jti } = await widgets.fluz.open({ amount: input.value.trim(), transactionType: type }));
  } catch {
    // shown by the error listener
  } finally {
    for (const b of form.querySelectorAll("button")) b.disabled = false;
  }
});
scriptReady(form);

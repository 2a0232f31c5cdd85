// The shop's own code on the drop-in page: a status line, the store credit
// (the server's figure, after a confirmed transfer) and the copy button. The
// drop-in loader opens the widgets on its own.
import { awaitSettlement } from "/assets/balance.js";
import { copyButton } from "/assets/copy-link.js";
import { explain } from "/assets/messages.js";

const status = document.getElementById("drop-in-status");
const names = { fluz: "Fluz", jackpot: "Jackpot", impact: "Referral widget", gr4vy: "Checkout" };
const say = (text) => {
  status.textContent = text;
};
const providerOf = (e) => e.target.closest("[data-widget]")?.dataset.widget;
const who = (e) => names[providerOf(e)] ?? "Widget";
// The referral widget mounts by itself on load; only buttons drive the status line.
const fromButton = (e) => e.target.closest("button[data-widget]") !== null;
document.addEventListener("widget-tokens:open", (e) => fromButton(e) && say(`${who(e)} is open…`));
document.addEventListener(
  "widget-tokens:close",
  (e) => fromButton(e) && say(`${who(e)}: closed without confirming.`),
);
document.addEventListener("widget-tokens:success", async (e) => {
  const d = e.detail.detail ?? {};
  const provider = providerOf(e);
  const id = d.transactionId ?? d.conversionId ?? "";
  if (provider !== "fluz" && provider !== "jackpot") {
    say(`${who(e)}: confirmed ${id}`.trim());
    return;
  }
  say(`${who(e)}: waiting for the provider to confirm ${id} to us…`);
  document.body.dataset.balance = "pending";
  try {
    // The balance changes once the provider's own notification settled it on the server.
    const answer = await awaitSettlement(provider, String(id));
    if (answer.status === "settled") {
      say(`${who(e)}: confirmed ${id}`);
      document.body.dataset.balance = "updated";
    } else {
      say(`${who(e)}: not confirmed to us yet; your balance changes once it is.`);
      document.body.dataset.balance = "unconfirmed";
    }
  } catch {
    say(`${who(e)}: we could not check ${id} with our server. Please reload the page.`);
  }
});
document.addEventListener("widget-tokens:error", (e) =>
  say(`${who(e)}: ${explain(e.detail.error)}`),
);

const referral = document.getElementById("drop-in-referral");
const copy = copyButton(
  document.getElementById("drop-in-copy"),
  referral,
  document.getElementById("drop-in-copy-status"),
);
referral.addEventListener("widget-tokens:open", () => copy.enable());

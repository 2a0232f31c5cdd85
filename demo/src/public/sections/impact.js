import {
  activity,
  awaitReferralConfirmation,
  explain,
  scriptReady,
  widgets,
} from "/assets/account.js";
import { copyButton } from "/assets/copy-link.js";

const box = document.getElementById("referrals");
const errorBox = document.getElementById("impact-error");
const reload = document.getElementById("impact-reload");
const copy = copyButton(
  document.getElementById("impact-copy"),
  box,
  document.getElementById("impact-copy-status"),
);
const accountStatus = document.getElementById("impact-account");
const widget = box.dataset.impactWidget;
let shown = false;
let asking = false;

/**
 * The referral account is confirmed by impact.com's own notification to the
 * shop's server (a settled ledger entry), never by the page: the widget
 * opening only makes the page ask the server.
 */
async function showAccountStatus() {
  if (asking || document.body.dataset.impactAccount === "confirmed") return;
  asking = true;
  document.body.dataset.impactAccount = "pending";
  accountStatus.className = "referral-status pending";
  accountStatus.textContent = "Waiting for impact.com to confirm your referral account…";
  accountStatus.hidden = false;
  try {
    const answer = await awaitReferralConfirmation();
    if (answer.status === "confirmed") {
      document.body.dataset.impactAccount = "confirmed";
      accountStatus.className = "referral-status confirmed";
      accountStatus.textContent = "✓ Referral account confirmed by the server";
    } else {
      document.body.dataset.impactAccount = "unconfirmed";
      accountStatus.textContent =
        "impact.com has not confirmed your referral account to us yet: refresh to check again.";
    }
  } catch {
    document.body.dataset.impactAccount = "unchecked";
    accountStatus.textContent = "We could not check your referral account. Please reload the page.";
  } finally {
    asking = false;
  }
}

/** The adapter's listeners (set again after `destroy()`, which drops them). */
function listen() {
  widgets.impact.on("open", () => {
    document.body.dataset.impact = "open";
    copy.enable();
    if (!shown) activity("Referral link ready", "impact.com referral program", "info");
    shown = true;
    showAccountStatus();
  });
  widgets.impact.on("error", (event) => {
    document.body.dataset.impact = "error";
    box.querySelector(".loading")?.remove();
    errorBox.textContent = explain(event.error);
    errorBox.hidden = false;
  });
}

async function mount() {
  errorBox.hidden = true;
  reload.disabled = true;
  copy.disable();
  document.body.dataset.impact = "loading";
  if (!box.firstElementChild) {
    box.innerHTML = '<p class="muted loading">Loading your referral link…</p>';
  }
  try {
    const mounted = await widgets.impact.mount(box, { widget });
    box.dataset.expiresAt = mounted.expiresAt.toISOString();
  } catch {
    // shown by the error listener
  } finally {
    reload.disabled = false;
  }
}

// Refresh asks the server again: whoever signed out (in another tab, say) gets
// "Please sign in again", never the previous shopper's widget from a kept token.
reload.addEventListener("click", () => {
  widgets.impact.destroy();
  listen();
  mount();
});
listen();
scriptReady(reload.parentElement);
mount();

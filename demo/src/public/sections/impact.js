import { activity, explain, scriptReady, widgets } from "/assets/account.js";

const box = document.getElementById("referrals");
const errorBox = document.getElementById("impact-error");
const reload = document.getElementById("impact-reload");
const widget = box.dataset.impactWidget;
let shown = false;

widgets.impact.on("open", () => {
  document.body.dataset.impact = "open";
  if (!shown) activity("Referral link ready", "impact.com referral program", "info");
  shown = true;
});
widgets.impact.on("error", (event) => {
  document.body.dataset.impact = "error";
  errorBox.textContent = explain(event.error);
  errorBox.hidden = false;
});

async function mount() {
  errorBox.hidden = true;
  reload.disabled = true;
  document.body.dataset.impact = "loading";
  try {
    const mounted = await widgets.impact.mount(box, { widget });
    box.dataset.expiresAt = mounted.expiresAt.toISOString();
  } catch {
    // shown by the error listener
  } finally {
    reload.disabled = false;
  }
}

reload.addEventListener("click", mount);
scriptReady(reload.parentElement);
mount();

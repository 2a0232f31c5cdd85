// The checkout page: Pay mounts Gr4vy Embed in the payment card; "Pay now"
// submits the order form, which Embed completes with the transaction id.
import { explain, formatMoney, scriptReady, widgets } from "/assets/account.js";

const open = document.getElementById("gr4vy-open");
const pay = document.getElementById("gr4vy-pay");
const errorBox = document.getElementById("checkout-error");
const slot = document.getElementById("gr4vy-embed");

const showError = (message) => {
  errorBox.textContent = message;
  errorBox.hidden = false;
};

widgets.gr4vy.on("error", (event) => {
  document.body.dataset.gr4vy = "error";
  // The provider's own reason (a refused token, say) is for developers: the shopper gets what to do.
  showError(
    event.error?.code === "WIDGET_ERROR"
      ? "The payment form could not be opened. Please reload the page and try again."
      : explain(event.error),
  );
  pay.disabled = false;
  pay.removeAttribute("aria-busy");
});
widgets.gr4vy.on("success", () => {
  document.body.dataset.gr4vy = "paid";
  pay.disabled = true;
  pay.textContent = "Confirming your order…";
});

open.addEventListener("click", async () => {
  open.disabled = true;
  open.setAttribute("aria-busy", "true");
  errorBox.hidden = true;
  try {
    const embed = await widgets.gr4vy.setup({
      element: slot,
      form: "#checkout-form",
      country: "US",
      onEvent(name, data) {
        if (name === "formUpdate") {
          errorBox.hidden = true;
          document.body.dataset.gr4vyForm = data?.valid ? "valid" : "incomplete";
        }
      },
    });
    open.hidden = true;
    pay.hidden = false;
    pay.textContent = `Pay ${formatMoney(embed.amount / 100)}`;
    document.body.dataset.gr4vy = "open";
  } catch {
    // shown by the error listener
    open.disabled = false;
  } finally {
    open.removeAttribute("aria-busy");
  }
});
scriptReady(open.parentElement);

// "Partner rewards profile": one allow-listed merchant API call through the shop's proxy.
import { activity, config, explain, scriptReady, toast } from "/assets/account.js";

const form = document.getElementById("merchant-api-form");
const errorBox = document.getElementById("merchant-api-error");
const result = document.getElementById("merchant-api-result");
const button = form.querySelector("button");

const FIELD_LABELS = { firstName: "first name", lastName: "last name", email: "email address" };

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  document.body.dataset.merchantApi = "error";
}

/** The shop's own error body, or the provider's (passed through), in words a shopper understands. */
function describe(status, body) {
  if (body?.error?.code === "FORBIDDEN")
    return "You can only create a profile for your own email address.";
  if (body?.error?.code?.startsWith?.("UPSTREAM_"))
    return "Our rewards partner is not answering right now. Please try again in a moment.";
  if (body?.error?.code) return explain(body.error);
  if (body?.code === "VALIDATION_ERROR") {
    const label = FIELD_LABELS[body.field];
    if (!label) return "Please check the form and try again.";
    return /not valid/.test(body.message)
      ? `Please enter a valid ${label}.`
      : `Please enter your ${label}.`;
  }
  return `The profile could not be created (${status}).`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  errorBox.hidden = true;
  result.hidden = true;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const data = Object.fromEntries(new FormData(form));
  try {
    const res = await fetch(`${config.endpoint}/merchant-api/v2/customer/create`, {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        firstName: String(data.firstName ?? "").trim(),
        lastName: String(data.lastName ?? "").trim(),
        email: String(data.email ?? "").trim(),
      }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      showError(describe(res.status, body));
      return;
    }
    result.textContent = `Profile created for ${body.email} · ${body.customerId}`;
    result.hidden = false;
    document.body.dataset.merchantApi = "created";
    activity(
      "Partner profile created",
      `${body.firstName} ${body.lastName} · ${body.customerId}`,
      "success",
    );
    toast("Your partner rewards profile is ready", "success");
  } catch {
    showError("The shop could not be reached. Check your connection and try again.");
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
});
scriptReady(form);

// "Partner rewards profile": one allow-listed merchant API call through the shop's proxy.
import { activity, config, explain, scriptReady, toast } from "/assets/account.js";

const form = document.getElementById("merchant-api-form");
const errorBox = document.getElementById("merchant-api-error");
const result = document.getElementById("merchant-api-result");
const button = form.querySelector("button");

const FIELD_LABELS = { firstName: "first name", lastName: "last name", email: "email address" };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A fresh key per submission: random, 1–255 visible ASCII characters. */
const newKey = () =>
  crypto.randomUUID?.() ??
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");

// The Idempotency-Key of what the form holds now: a double click or a retry of
// the same details sends the same key, and the server replays the first answer
// instead of creating a second profile. Editing the form makes a new submission.
let key = newKey();
let inFlight = false;
form.addEventListener("input", () => {
  key = newKey();
});

function showError(message, field) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  document.body.dataset.merchantApi = "error";
  const input = field && form.elements.namedItem(field);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", errorBox.id);
    input.focus();
  }
}

/** The shop's own error body, or the provider's (passed through), in words a shopper understands. */
function describe(status, body) {
  if (body?.error?.code === "FORBIDDEN")
    return "You can only create a profile for your own email address.";
  if (body?.error?.code === "IDEMPOTENCY_IN_PROGRESS")
    return "We are still creating your profile. Please wait a moment.";
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
  // One request at a time, whatever the clicks and Enter presses.
  if (inFlight) return;
  errorBox.hidden = true;
  result.hidden = true;
  for (const input of form.querySelectorAll("[aria-invalid]"))
    input.removeAttribute("aria-invalid");
  const data = Object.fromEntries(new FormData(form));
  const details = {
    firstName: String(data.firstName ?? "").trim(),
    lastName: String(data.lastName ?? "").trim(),
    email: String(data.email ?? "").trim(),
  };
  if (!EMAIL.test(details.email)) {
    showError("Enter a valid email address.", "email");
    return;
  }
  inFlight = true;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    const res = await fetch(`${config.endpoint}/merchant-api/v2/customer/create`, {
      method: "POST",
      credentials: "include",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Idempotency-Key": key,
      },
      body: JSON.stringify(details),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      showError(describe(res.status, body), body?.error?.field ?? body?.field);
      return;
    }
    result.textContent = `Profile created for ${body.email} · ${body.customerId}`;
    result.hidden = false;
    document.body.dataset.merchantApi = "created";
    // A replay is the profile already created: say so once, not as a second one.
    if (res.headers.get("Idempotent-Replayed") !== "true") {
      activity(
        "Partner profile created",
        `${body.firstName} ${body.lastName} · ${body.customerId}`,
        "success",
      );
      toast("Your partner rewards profile is ready", "success");
    }
  } catch {
    showError("The shop could not be reached. Check your connection and try again.");
  } finally {
    inFlight = false;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
});
scriptReady(form);

import { pageApiScript } from "../page-api-script.js";

/**
 * The stand-in Embed page, framed by `gr4vy-embed.js`. It posts `frameReady`
 * to its parent (the `parentUrl` of its URL, on the `channel` of its URL),
 * takes `updateOptions` only from that origin and channel, has its server
 * verify the token and the pinned amount, shows a card form, and answers
 * `submitForm` with `transactionCreated` (or `apiError`).
 */
export function gr4vyEmbedPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gr4vy Embed</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style nonce="${nonce}">
  *{box-sizing:border-box} html,body{margin:0;background:transparent;overflow:hidden}
  body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a}
  .box{border:1px solid #e2e8f0;border-radius:14px;padding:18px;background:#fff}
  .head{display:flex;align-items:center;justify-content:space-between;margin-bottom:14px}
  .brand{display:flex;gap:8px;align-items:center;font-weight:700}
  .logo{width:24px;height:24px;border-radius:7px;background:#1e1b4b;color:#a5b4fc;display:grid;place-items:center;font-size:13px}
  .tag{font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#4338ca;background:#eef2ff;border-radius:999px;padding:3px 8px}
  .due{display:flex;justify-content:space-between;align-items:baseline;padding:10px 12px;background:#f8fafc;border-radius:10px;margin-bottom:14px}
  .due strong{font-size:22px;letter-spacing:-.01em}
  label{display:block;font-size:13px;font-weight:600;margin:10px 0 4px}
  input{width:100%;font:inherit;padding:10px 12px;border:1px solid #cbd5e1;border-radius:9px;background:#fff}
  input:focus{outline:2px solid #6366f1;outline-offset:0;border-color:#6366f1}
  input[aria-invalid="true"]{border-color:#dc2626}
  .row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
  .err{color:#b91c1c;font-size:12px;min-height:0;margin:3px 0 0}
  .muted{color:#64748b;font-size:12px;margin:12px 0 0}
  .error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:12px;border-radius:10px;margin:0}
  .ok{color:#166534;background:#f0fdf4;border:1px solid #bbf7d0;padding:12px;border-radius:10px;margin:12px 0 0}
</style></head>
<body>
<div class="box">
  <div class="head"><div class="brand"><div class="logo">G</div>Card payment</div><span class="tag">Sandbox</span></div>
  <div id="main"><p class="muted" id="status">Loading secure payment form…</p></div>
</div>
<script nonce="${nonce}">
(() => {
  const params = new URLSearchParams(location.search);
  const parentUrl = params.get("parentUrl");
  const channel = params.get("channel");
  const main = document.getElementById("main");
  let session = null;
  let busy = false;
  let fields = null;
  let parentOrigin = null;
  try { parentOrigin = new URL(parentUrl).origin; } catch {}
  if (!parentOrigin || !channel || window.parent === window) {
    main.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: "This page only runs inside Gr4vy Embed." }));
    return;
  }
  const post = (type, data) => window.parent.postMessage({ channel, type, data }, parentOrigin);
  const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
  const money = (amount, currency) => new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount / 100);
  const resize = () => post("resize", { frame: { height: Math.ceil(document.body.getBoundingClientRect().height) } });
  new ResizeObserver(resize).observe(document.body);

${pageApiScript("Gr4vy")}
  function showError(err) {
    const box = el("p", { className: "error", id: "gr4vy-error", role: "alert" }, err.message);
    main.replaceChildren(box);
    post("apiError", err.apiError || { type: "error", status: 500, code: "unknown", message: err.message });
  }
  const luhn = (digits) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  };
  // show: "all" marks every bad field; "fixed" only clears the marks of fields now right.
  function validate(show) {
    const number = fields.number.value.replace(/\\s+/g, "");
    const m = /^(\\d{2})\\s*\\/\\s*(\\d{2})$/.exec(fields.expiry.value.trim());
    const now = new Date();
    const expOk = !!m && Number(m[1]) >= 1 && Number(m[1]) <= 12 &&
      (2000 + Number(m[2])) * 12 + Number(m[1]) >= now.getFullYear() * 12 + now.getMonth() + 1;
    const checks = {
      number: /^\\d{12,19}$/.test(number) && luhn(number) ? "" : "Enter a valid card number.",
      expiry: expOk ? "" : "Enter a valid expiry date (MM/YY).",
      cvv: /^\\d{3,4}$/.test(fields.cvv.value.trim()) ? "" : "Enter the 3 or 4 digit security code.",
    };
    let valid = true;
    for (const [name, message] of Object.entries(checks)) {
      if (message) valid = false;
      const marked = fields[name].getAttribute("aria-invalid") === "true";
      if (show === "all" || (show === "fixed" && marked && !message)) {
        fields[name].setAttribute("aria-invalid", message ? "true" : "false");
        fields[name + "Error"].textContent = message;
      }
    }
    return { valid, number, expiry: fields.expiry.value.trim(), cvv: fields.cvv.value.trim() };
  }
  function field(id, label, attrs) {
    const wrap = el("div");
    const input = el("input", Object.assign({ id, name: id }, attrs));
    const error = el("p", { className: "err", id: id + "-error" });
    input.setAttribute("aria-describedby", error.id);
    wrap.append(el("label", { htmlFor: id }, label), input, error);
    return { wrap, input, error };
  }
  function show(v) {
    session = v.sessionId;
    const due = el("div", { className: "due" });
    due.append(el("span", { className: "muted" }, "Amount due"), el("strong", { id: "gr4vy-amount" }, money(v.amount, v.currency)));
    const number = field("cardnumber", "Card number", { inputMode: "numeric", autocomplete: "cc-number", placeholder: "4111 1111 1111 1111" });
    const expiry = field("expiry", "Expiry date", { inputMode: "numeric", autocomplete: "cc-exp", placeholder: "MM/YY" });
    const cvv = field("cvv", "Security code", { inputMode: "numeric", autocomplete: "cc-csc", placeholder: "123" });
    const row = el("div", { className: "row" });
    row.append(expiry.wrap, cvv.wrap);
    fields = { number: number.input, numberError: number.error, expiry: expiry.input, expiryError: expiry.error, cvv: cvv.input, cvvError: cvv.error };
    let lastValid = null;
    const onInput = () => {
      const { valid } = validate("fixed");
      if (valid !== lastValid) { lastValid = valid; post("formUpdate", { valid }); }
    };
    for (const input of [number.input, expiry.input, cvv.input]) input.addEventListener("input", onInput);
    main.replaceChildren(due, number.wrap, row, el("p", { className: "muted" }, "Sandbox: 4111 1111 1111 1111 is approved, 4000 0000 0000 0002 is declined."));
    post("optionsLoaded", [{ method: "card", mode: "card" }]);
    post("formUpdate", { valid: false });
    resize();
  }
  async function submit() {
    if (!session || busy) return;
    const card = validate("all");
    post("formUpdate", { valid: card.valid });
    if (!card.valid) return;
    busy = true;
    try {
      const tx = await api("/gr4vy/api/transactions", { sessionId: session, card: { number: card.number, expiry: card.expiry, cvv: card.cvv } }, [["id", "string"], ["status", "string"]]);
      main.append(el("p", { className: "ok", role: "status", id: "gr4vy-result" }, "Payment " + tx.status.replace(/_/g, " ") + " · " + tx.id));
      post("transactionCreated", tx);
    } catch (err) {
      if (err.apiError && err.apiError.status === 401) { showError(err); return; }
      post("transactionFailed", err.apiError || { message: err.message });
      main.append(el("p", { className: "error", role: "alert", id: "gr4vy-error" }, err.message));
    } finally {
      busy = false;
    }
  }
  window.addEventListener("message", async (event) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const message = event.data || {};
    if (message.channel !== channel) return;
    if (message.type === "updateOptions") {
      const options = message.data || {};
      try {
        const v = await api("/gr4vy/api/embed-session", { token: options.token, options }, [["sessionId", "string"], ["amount", "number"], ["currency", "string"]]);
        show(v);
      } catch (err) { showError(err); }
    } else if (message.type === "submitForm") {
      submit();
    }
  });
  post("frameReady", { version: "sandbox" });
})();
</script>
</body></html>`;
}

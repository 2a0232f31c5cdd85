import { pageApiScript } from "../page-api-script.js";

/**
 * The stand-in Jackpot voucher widget. The session token arrives by
 * postMessage from the parent (never in a URL); the page reads the session
 * from its own API, shows the amount to convert, and converts a voucher.
 */
export function jackpotWidgetPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jackpot</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style nonce="${nonce}">
  *{box-sizing:border-box} body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff}
  header{display:flex;align-items:center;justify-content:space-between;padding:18px 22px;border-bottom:1px solid #e2e8f0}
  .brand{display:flex;gap:10px;align-items:center;font-weight:700;font-size:18px}
  .logo{width:30px;height:30px;border-radius:9px;background:linear-gradient(135deg,#f59e0b,#dc2626);color:#fff;display:grid;place-items:center;font-size:15px}
  .tag{font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#b45309;background:#fef3c7;border-radius:999px;padding:3px 8px}
  main{padding:24px 22px} .muted{color:#64748b;font-size:13px}
  .amount{font-size:40px;font-weight:700;letter-spacing:-.02em;margin:6px 0 2px}
  label{display:block;font-weight:600;font-size:14px;margin:20px 0 6px}
  input{width:100%;font:inherit;padding:11px 12px;border:1px solid #cbd5e1;border-radius:10px;text-transform:uppercase;letter-spacing:.08em}
  input:focus{outline:2px solid #f59e0b;outline-offset:1px}
  .actions{display:flex;gap:10px;margin-top:18px}
  button{flex:1;font:inherit;font-weight:600;border-radius:10px;padding:12px 14px;cursor:pointer;border:1px solid #cbd5e1;background:#fff;color:#0f172a}
  button.primary{background:#b45309;border-color:#b45309;color:#fff} button:disabled{opacity:.6;cursor:default}
  .error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:12px;border-radius:10px}
  .field-error{color:#b91c1c;font-size:13px;margin:6px 0 0}
  .ok{color:#166534;background:#f0fdf4;border:1px solid #bbf7d0;padding:12px;border-radius:10px}
</style></head>
<body>
<header><div class="brand"><div class="logo">J</div>Jackpot</div><span class="tag">Sandbox</span></header>
<main id="main"><p class="muted" id="status">Opening your conversion session…</p></main>
<script nonce="${nonce}">
(() => {
  const main = document.getElementById("main");
  let parentOrigin = null;
  let sessionToken = null;
  const post = (type, detail) => parentOrigin && window.parent.postMessage({ source: "jackpot-sandbox", type, detail }, parentOrigin);
  // Escape anywhere in the widget closes it, as the provider's own widget does.
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") post("close", {}); });
  const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
  const money = (n) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n);
${pageApiScript("Jackpot")}
  function closeButton(label) {
    const b = el("button", { type: "button" }, label);
    b.addEventListener("click", () => post("close", {}));
    return b;
  }
  function showError(message, code) {
    const actions = el("div", { className: "actions" });
    actions.append(closeButton("Close"));
    main.replaceChildren(el("p", { className: "error", role: "alert" }, message), actions);
    post("error", { code, message });
  }
  function show(s) {
    const form = el("form", { noValidate: true });
    const input = el("input", { id: "jackpot-code", name: "voucherCode", autocomplete: "off", placeholder: "JP-0000-0000" });
    const label = el("label", { htmlFor: "jackpot-code" }, "Voucher code");
    const fieldError = el("p", { className: "field-error", role: "alert", hidden: true });
    const actions = el("div", { className: "actions" });
    const cancel = closeButton("Cancel");
    const convert = el("button", { type: "submit", className: "primary" }, "Convert " + money(s.amount));
    actions.append(cancel, convert);
    form.append(label, input, fieldError, actions);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      convert.disabled = cancel.disabled = true;
      fieldError.hidden = true;
      try {
        const done = await api("/jackpot/api/convert", { sessionToken, voucherCode: input.value.trim() }, [["conversionId", "string"], ["amount", "number"]]);
        main.replaceChildren(el("p", { className: "ok", role: "status" }, "Converted " + money(done.amount) + " · " + done.conversionId));
        post("success", done);
      } catch (e) {
        if (e.code === "INVALID_VOUCHER") {
          fieldError.textContent = e.message;
          fieldError.hidden = false;
          convert.disabled = cancel.disabled = false;
        } else showError(e.message, e.code);
      }
    });
    main.replaceChildren(
      el("p", { className: "muted" }, "Amount to convert"),
      el("div", { className: "amount", id: "jackpot-amount" }, money(s.amount)),
      el("p", { className: "muted", id: "jackpot-expiry" }, "Session valid until " + new Date(s.expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
      form,
    );
    post("open", { amount: s.amount });
  }
  window.addEventListener("message", async (event) => {
    if (event.source !== window.parent || parentOrigin !== null) return;
    const data = event.data || {};
    if (data.type !== "init" || typeof data.sessionToken !== "string") return;
    parentOrigin = event.origin;
    sessionToken = data.sessionToken;
    try { show(await api("/jackpot/api/session", { sessionToken }, [["amount", "number"], ["expiresAt", "string"]])); }
    catch (e) { showError(e.message, e.code); }
  });
  window.parent.postMessage({ source: "jackpot-sandbox", type: "ready" }, "*");
})();
</script>
</body></html>`;
}

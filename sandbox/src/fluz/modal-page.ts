import { pageApiScript } from "../page-api-script.js";

/** The stand-in Fluz modal: verifies the token server-side, shows it, confirms. */
export function fluzModalPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fluz</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style nonce="${nonce}">
  *{box-sizing:border-box} body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff}
  header{display:flex;align-items:center;justify-content:space-between;padding:18px 22px;border-bottom:1px solid #e2e8f0}
  .brand{display:flex;gap:10px;align-items:center;font-weight:700;font-size:18px}
  .logo{width:30px;height:30px;border-radius:9px;background:linear-gradient(135deg,#7c3aed,#2563eb);color:#fff;display:grid;place-items:center;font-size:15px}
  .tag{font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#7c3aed;background:#f3e8ff;border-radius:999px;padding:3px 8px}
  main{padding:24px 22px} .muted{color:#64748b;font-size:13px}
  .amount{font-size:40px;font-weight:700;letter-spacing:-.02em;margin:6px 0 2px}
  dl{display:grid;grid-template-columns:auto 1fr;gap:8px 14px;margin:22px 0;padding:16px;background:#f8fafc;border-radius:12px;font-size:14px}
  dt{color:#64748b} dd{margin:0;text-align:right;font-weight:600;word-break:break-all}
  .actions{display:flex;gap:10px;margin-top:8px}
  button{flex:1;font:inherit;font-weight:600;border-radius:10px;padding:12px 14px;cursor:pointer;border:1px solid #cbd5e1;background:#fff;color:#0f172a}
  button.primary{background:#7c3aed;border-color:#7c3aed;color:#fff} button:disabled{opacity:.6;cursor:default}
  .error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:12px;border-radius:10px}
  .ok{color:#166534;background:#f0fdf4;border:1px solid #bbf7d0;padding:12px;border-radius:10px}
</style></head>
<body>
<header><div class="brand"><div class="logo">F</div>Fluz</div><span class="tag">Sandbox</span></header>
<main id="main"><p class="muted" id="status">Verifying your pre-approved transaction…</p></main>
<script nonce="${nonce}">
(() => {
  const main = document.getElementById("main");
  let parentOrigin = null;
  let session = null;
  // This modal's id: a request the browser re-sends (a reset connection) is answered as the first.
  // (getRandomValues: randomUUID needs a secure context, a sandbox served by name over HTTP is not one.)
  const widgetSession = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  const post = (type, detail) => parentOrigin && window.parent.postMessage({ source: "fluz-sandbox", type, detail }, parentOrigin);
  // Escape anywhere in the widget closes it, as the provider's own widget does.
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") post("close", {}); });
  const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
  const money = (n) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n);
${pageApiScript("Fluz")}
  function showError(message, code) {
    main.replaceChildren(el("p", { className: "error", role: "alert" }, message));
    const actions = el("div", { className: "actions" });
    const close = el("button", { type: "button" }, "Close");
    close.addEventListener("click", () => post("close", {}));
    actions.append(close);
    main.append(actions);
    post("error", { code, message });
  }
  function show(v) {
    const label = v.transactionType === "WITHDRAW" ? "Withdraw to Fluz" : "Deposit from Fluz";
    main.replaceChildren(
      el("p", { className: "muted" }, label),
      el("div", { className: "amount", id: "fluz-amount" }, money(v.amount)),
      el("p", { className: "muted" }, "Pre-approved by your merchant"),
    );
    const dl = el("dl");
    for (const [k, val, id] of [["Type", v.transactionType, "fluz-type"], ["Customer", v.externalId, "fluz-user"], ["Reference", v.jti.slice(0, 8), "fluz-ref"]]) {
      dl.append(el("dt", {}, k), el("dd", { id }, val));
    }
    const actions = el("div", { className: "actions" });
    const cancel = el("button", { type: "button" }, "Cancel");
    const confirm = el("button", { type: "button", className: "primary" }, "Confirm " + money(v.amount));
    cancel.addEventListener("click", () => post("close", {}));
    confirm.addEventListener("click", async () => {
      confirm.disabled = cancel.disabled = true;
      try {
        const done = await api("/fluz/api/confirm", { sessionId: session }, [["transactionId", "string"]]);
        main.replaceChildren(el("p", { className: "ok", role: "status" }, "Confirmed: " + done.transactionId));
        post("success", done);
      } catch (e) { showError(e.message, e.code); }
    });
    actions.append(cancel, confirm);
    main.append(dl, actions);
    post("open", { amount: v.amount, transactionType: v.transactionType });
  }
  window.addEventListener("message", async (event) => {
    if (event.source !== window.parent || parentOrigin !== null) return;
    const data = event.data || {};
    if (data.type !== "init") return;
    parentOrigin = event.origin;
    try {
      const v = await api("/fluz/api/verify", { token: data.token, widgetSession }, [["sessionId", "string"], ["amount", "number"], ["transactionType", "string"], ["externalId", "string"], ["jti", "string"]]);
      session = v.sessionId;
      show(v);
    } catch (e) { showError(e.message, e.code); }
  });
  window.parent.postMessage({ source: "fluz-sandbox", type: "ready" }, "*");
})();
</script>
</body></html>`;
}

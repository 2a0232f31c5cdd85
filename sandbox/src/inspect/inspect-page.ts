import type { FaultRule } from "../faults/fault-spec.js";
import { escapeHtml } from "../html.js";
import { SANDBOX_PROVIDERS } from "../provider-ids.js";
import { standInOf } from "../stand-ins.js";
import { relativeTime } from "./human-time.js";
import type { ReceivedToken, TokenFilter } from "./received-token.js";

export interface InspectPageInput {
  /** Newest first. */
  tokens: readonly ReceivedToken[];
  faults: readonly FaultRule[];
  filter: TokenFilter;
  nonce: string;
  now?: number;
}

/** "15:11:45 UTC" today, "2026-11-24 15:11 UTC" another day. */
const utc = (iso: string, now: number) =>
  iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10)
    ? `${iso.slice(11, 19)} UTC`
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function amountText(token: ReceivedToken): string {
  if (token.amount === null) return "—";
  if (token.currency) {
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency: token.currency }).format(
        token.amount,
      );
    } catch {}
  }
  return token.amount.toFixed(2);
}

function expiryCell(token: ReceivedToken, now: number): string {
  if (!token.expiresAt) return '<span class="muted">—</span>';
  const at = Date.parse(token.expiresAt);
  const words = at > now ? `expires ${relativeTime(at, now)}` : `expired ${relativeTime(at, now)}`;
  return `<time datetime="${escapeHtml(token.expiresAt)}">${escapeHtml(words)}</time><span class="sub">${escapeHtml(utc(token.expiresAt, now))}</span>`;
}

function verdictCell(token: ReceivedToken): string {
  const ok = token.verdict === "valid";
  const faults =
    token.faults.length > 0
      ? `<span class="sub">answered with fault: ${escapeHtml(token.faults.join(", "))}</span>`
      : "";
  return `<span class="verdict ${ok ? "ok" : "bad"}"><span aria-hidden="true">${ok ? "✓" : "✗"}</span> ${escapeHtml(token.verdict)}</span>${faults}`;
}

function row(token: ReceivedToken, now: number): string {
  const received = Date.parse(token.receivedAt);
  const claims = JSON.stringify({ header: token.header, claims: token.claims }, null, 2);
  return `<tr>
  <td class="num">${token.id}</td>
  <td class="when"><time datetime="${escapeHtml(token.receivedAt)}">${escapeHtml(relativeTime(received, now))}</time><span class="sub">${escapeHtml(utc(token.receivedAt, now))}</span></td>
  <th scope="row">${escapeHtml(standInOf(token.provider).name)}<span class="sub">${escapeHtml(token.kind)}</span></th>
  <td>${token.user === null ? '<span class="muted">—</span>' : escapeHtml(token.user)}${token.scope ? `<span class="sub">scope ${escapeHtml(token.scope)}</span>` : ""}</td>
  <td class="num">${escapeHtml(amountText(token))}</td>
  <td class="when">${expiryCell(token, now)}</td>
  <td>${verdictCell(token)}</td>
  <td class="reason">${escapeHtml(token.reason)}<details><summary>Header and claims<span class="visually-hidden"> of token ${token.id}</span></summary><pre>${escapeHtml(claims)}</pre></details></td>
</tr>`;
}

function faultItem(rule: FaultRule): string {
  const parts = [
    rule.kind === "slow"
      ? `slow ${rule.ms} ms`
      : rule.kind === "expire"
        ? `expire (clock ${Math.round((rule.ms ?? 0) / 86_400_000)} d ahead)`
        : rule.kind,
    rule.shape ? `(${rule.shape})` : "",
    rule.provider ? `for ${standInOf(rule.provider).name}` : "for every provider",
    rule.scope ? `in scope ${rule.scope}` : "",
    rule.user ? `for user ${rule.user}` : "",
    rule.remaining !== null
      ? `(${rule.remaining} more time${rule.remaining === 1 ? "" : "s"})`
      : "",
  ].filter(Boolean);
  return `<li>${escapeHtml(parts.join(" "))}</li>`;
}

/**
 * The inspection page: the tokens the stand-ins received as a table a
 * person can read (provider, user, amount, expiry in human time, verdict and
 * reason), the fault switches that are on, a provider filter. No script;
 * every value escaped.
 *
 * @example
 * res.send(renderInspectPage({ tokens: inspect.tokens().reverse(), faults: faults.list(), filter: {}, nonce }));
 */
export function renderInspectPage(input: InspectPageInput): string {
  const now = input.now ?? Date.now();
  const { tokens, faults, filter, nonce } = input;
  const options = [
    `<option value=""${filter.provider ? "" : " selected"}>All providers</option>`,
    ...SANDBOX_PROVIDERS.map(
      (id) =>
        `<option value="${id}"${filter.provider === id ? " selected" : ""}>${escapeHtml(standInOf(id).name)}</option>`,
    ),
  ].join("");
  const jsonHref = `/__inspect${filter.provider ? `?provider=${encodeURIComponent(filter.provider)}` : ""}`;
  const invalid = tokens.filter((t) => t.verdict !== "valid").length;
  const summary =
    tokens.length === 0
      ? "No tokens received yet."
      : `${tokens.length} token${tokens.length === 1 ? "" : "s"} received, ${invalid} refused.`;
  const table =
    tokens.length === 0
      ? `<p class="empty">Tokens appear here as the stand-ins receive them. Reload the page to update it.</p>`
      : `<div class="scroll" role="region" aria-labelledby="tokens-caption" tabindex="0"><table>
<caption id="tokens-caption">Tokens received, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">Received</th><th scope="col">Provider</th><th scope="col">User</th><th scope="col">Amount</th><th scope="col">Expiry</th><th scope="col">Verdict</th><th scope="col">Reason</th></tr></thead>
<tbody>
${tokens.map((t) => row(t, now)).join("\n")}
</tbody></table></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Received tokens · widget-tokens sandbox</title>
<style nonce="${escapeHtml(nonce)}">
  *{box-sizing:border-box}
  body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
  header,main{max-width:1320px;margin:0 auto;padding:0 24px}
  header{padding-top:24px}
  h1{font-size:24px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px}
  .muted,.sub{color:#475569} .sub{display:block;font-size:12.5px}
  form{display:flex;gap:10px;align-items:end;flex-wrap:wrap;margin:16px 0}
  label{display:block;font-size:13px;font-weight:600;margin-bottom:3px}
  select,button{font:inherit;padding:7px 10px;border-radius:8px;border:1px solid #94a3b8;background:#fff;color:#0f172a}
  button{background:#1e3a8a;border-color:#1e3a8a;color:#fff;font-weight:600;cursor:pointer}
  :focus-visible{outline:3px solid #2563eb;outline-offset:2px}
  a{color:#1d4ed8}
  .scroll{overflow-x:auto;background:#fff;border:1px solid #cbd5e1;border-radius:12px}
  table{border-collapse:collapse;width:100%;min-width:900px}
  caption{text-align:left;padding:12px 14px;font-weight:600}
  th,td{text-align:left;vertical-align:top;padding:10px 12px;border-top:1px solid #e2e8f0}
  thead th{background:#f1f5f9;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#334155}
  tbody th{font-weight:600}
  .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
  .verdict{display:inline-block;font-weight:700;border-radius:999px;padding:1px 10px;white-space:nowrap}
  .verdict.ok{background:#dcfce7;color:#14532d} .verdict.bad{background:#fee2e2;color:#7f1d1d}
  .when{white-space:nowrap}
  .reason{min-width:240px;max-width:420px}
  details{margin-top:4px} summary{cursor:pointer;color:#1d4ed8;font-size:13px}
  pre{font-size:12px;background:#f1f5f9;padding:8px;border-radius:8px;overflow:auto;max-height:320px;white-space:pre-wrap;overflow-wrap:anywhere}
  .empty{background:#fff;border:1px dashed #94a3b8;border-radius:12px;padding:24px}
  ul{padding-left:20px}
  .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style></head>
<body>
<header>
  <h1>Received tokens</h1>
  <p class="muted">widget-tokens sandbox · every token the provider stand-ins received, with the verdict a provider would give. <a href="${escapeHtml(jsonHref)}">This list as JSON</a>.</p>
</header>
<main>
  <form method="get" action="/__inspect/">
    <div><label for="provider">Provider</label><select id="provider" name="provider">${options}</select></div>
    <button type="submit">Show</button>
  </form>
  <p role="status">${escapeHtml(summary)}</p>
  ${table}
  <h2>Fault switches</h2>
  ${faults.length === 0 ? "<p>No fault switches are on: every stand-in answers normally.</p>" : `<ul>${faults.map(faultItem).join("")}</ul>`}
</main>
</body></html>`;
}

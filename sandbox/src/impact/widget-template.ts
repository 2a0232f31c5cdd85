import { createHash } from "node:crypto";
import type { ImpactUserClaim } from "@widget-tokens/shared";
import { escapeHtml } from "../html.js";

export interface TemplateInput {
  /** `p/<program>/w/<widget>`. */
  widgetType: string;
  /** The verified user, or undefined for an instant-access (anonymous) render. */
  user?: ImpactUserClaim | undefined;
  /** Token expiry (seconds), shown so a person can tell a fresh token from an old one. */
  exp?: number | undefined;
  locale?: string | undefined;
  referralCode?: string | undefined;
  shareLink?: string | undefined;
}

/** A stable, readable referral code for a user (what impact.com shows as "your code"). */
export function referralCode(user: ImpactUserClaim): string {
  const letters = (user.firstName ?? "")
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .slice(0, 8);
  const hash = createHash("sha256")
    .update(`${user.accountId}\u0000${user.id}`)
    .digest("hex")
    .slice(0, 6)
    .toUpperCase();
  return `${letters || "FRIEND"}-${hash}`;
}

const GIFT_ICON = `<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="8" width="18" height="4" rx="1"/><path d="M12 8v13M19 12v7a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2v-7"/><path d="M7.5 8a2.5 2.5 0 0 1 0-5C10 3 12 8 12 8s2-5 4.5-5a2.5 2.5 0 0 1 0 5"/></svg>`;

const STYLE = `
*{box-sizing:border-box} html,body{margin:0;padding:0;background:transparent}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:#0f172a}
.squatch-container{padding:2px 0 4px}
.hero{display:flex;gap:14px;align-items:center;padding:16px;border-radius:12px;background:linear-gradient(135deg,#fff7ed,#fdf2f8);border:1px solid #fde2e4}
.gift{width:44px;height:44px;border-radius:12px;background:#e11d48;color:#fff;display:grid;place-items:center;font-size:22px;flex:none}
.hero h3{margin:0;font-size:16px} .hero p{margin:2px 0 0;color:#475569;font-size:13px}
.who{margin:14px 0 6px;font-size:13px;color:#475569} .who strong{color:#0f172a;font-size:15px}
.link{display:flex;gap:8px;align-items:center;margin:6px 0 12px}
.link input{flex:1;min-width:0;font:inherit;font-size:13px;padding:9px 10px;border:1px solid #cbd5e1;border-radius:9px;background:#f8fafc;color:#0f172a}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:700;letter-spacing:.04em;background:#f1f5f9;border-radius:6px;padding:2px 6px}
.stats{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin:4px 0 10px}
.stat{background:#f8fafc;border:1px solid #e2e8f0;border-radius:10px;padding:8px 10px}
.stat b{display:block;font-size:17px} .stat span{color:#64748b;font-size:12px}
.foot{display:flex;justify-content:space-between;gap:8px;color:#475569;font-size:11px;border-top:1px solid #f1f5f9;padding-top:8px}
.badge{margin-left:auto;align-self:flex-start;white-space:nowrap;font-size:10px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#be123c;background:#ffe4e6;border-radius:999px;padding:2px 7px}
`;

/**
 * The sandbox's referral widget: plain HTML and CSS (no script, so the
 * merchant page's CSP, which the widget iframe inherits, needs nothing more),
 * showing the user the server verified from the token.
 */
export function widgetTemplate(input: TemplateInput): string {
  const program = /^p\/([^/]+)\//.exec(input.widgetType)?.[1] ?? "classic";
  const lang = (input.locale ?? input.user?.locale ?? "en_US").replace("_", "-");
  const user = input.user;
  const expires = input.exp ? new Date(input.exp * 1000).toISOString() : "";
  const body = user
    ? `
  <p class="who">Signed in as <strong id="impact-user-name">${escapeHtml(
    [user.firstName, user.lastName].filter(Boolean).join(" ") || user.id,
  )}</strong>${user.email ? ` · <span id="impact-user-email">${escapeHtml(user.email)}</span>` : ""}</p>
  <label for="impact-share-link" class="who">Your personal link</label>
  <div class="link"><input id="impact-share-link" readonly value="${escapeHtml(input.shareLink ?? "")}"></div>
  <p class="who">Or share your code <span class="code" id="impact-referral-code">${escapeHtml(
    input.referralCode ?? "",
  )}</span></p>
  <div class="stats">
    <div class="stat"><b>0</b><span>Friends referred</span></div>
    <div class="stat"><b>$0.00</b><span>Credit earned</span></div>
    <div class="stat"><b>$20.00</b><span>Per friend</span></div>
  </div>
  <div class="foot"><span>Verified user <span id="impact-user-id">${escapeHtml(user.id)}</span> · account <span id="impact-account-id">${escapeHtml(
    user.accountId,
  )}</span></span><span id="impact-token-exp" data-exp="${escapeHtml(input.exp ?? "")}">session until ${escapeHtml(
    expires.slice(11, 19),
  )} UTC</span></div>`
    : `
  <p class="who" id="impact-anonymous">Sign in to get your personal referral link.</p>`;
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>Refer a friend</title><style>${STYLE}</style></head>
<body><div class="squatch-container embed" id="impact-widget" data-program="${escapeHtml(program)}" data-widget-type="${escapeHtml(input.widgetType)}">
  <div class="hero"><div class="gift" aria-hidden="true">${GIFT_ICON}</div><div><h3>Give $20, get $20</h3><p>Friends get $20 off their first order. You get $20 store credit when they buy.</p></div>
  <span class="badge">Sandbox</span></div>${body}
</div></body></html>`;
}

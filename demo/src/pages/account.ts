import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import type { DemoSection } from "../sections/section.js";
import type { DemoUser } from "../session.js";
import { type NavLink, page } from "./layout.js";

export function accountPage(
  user: DemoUser,
  sections: readonly DemoSection[],
  nav: readonly NavLink[],
  config: unknown,
  /** The shopper's store credit (cents), from the server's ledger. */
  balance: number,
): string {
  const [local, domain] = splitEmail(user.email);
  return page({
    title: "Your account",
    user,
    nav,
    config,
    modules: ["account.js", ...sections.map((s) => `sections/${s.id}.js`)],
    body: `
    <div class="page-head">
      <div>
        <p class="eyebrow">Your account</p>
        <h1>Welcome back, ${escapeHtml(user.firstName)}</h1>
      </div>
      <div class="stat"><span class="muted">Store credit</span><strong id="balance">${escapeHtml(formatCents(balance))}</strong></div>
    </div>
    <div class="grid">
      <div class="col">${sections.map((s) => s.render(user)).join("\n")}</div>
      <aside class="col side">
        <section class="card" aria-labelledby="activity-title">
          <h2 id="activity-title">Recent activity</h2>
          <ol class="activity" id="activity"><li class="empty muted">No activity in this session yet.</li></ol>
        </section>
        <section class="card">
          <h2>Profile</h2>
          <dl class="kv">
            <dt>Customer id</dt><dd id="customer-id">${escapeHtml(user.id)}</dd>
            <dt>Name</dt><dd>${escapeHtml(user.firstName)} ${escapeHtml(user.lastName)}</dd>
            <dt>Email</dt><dd class="email" id="profile-email">${escapeHtml(local)}<wbr>${escapeHtml(domain)}</dd>
          </dl>
        </section>
      </aside>
    </div>`,
  });
}

/** "ada@example.com" as ["ada", "@example.com"]: a long address wraps at the @, not mid-word. */
function splitEmail(email: string): [string, string] {
  const at = email.lastIndexOf("@");
  return at > 0 ? [email.slice(0, at), email.slice(at)] : [email, ""];
}

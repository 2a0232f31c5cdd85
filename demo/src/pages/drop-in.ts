import { escapeHtml } from "../html.js";
import type { DemoUser } from "../session.js";
import { type NavLink, page } from "./layout.js";

/**
 * The drop-in, with no code of the shop's own besides a status line: the
 * loader script and data attributes do the work.
 */
export function dropInPage(
  user: DemoUser,
  nav: readonly NavLink[],
  loaderAttributes: Record<string, string>,
): string {
  const attrs = Object.entries(loaderAttributes)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  return page({
    title: "Quick transfer",
    user,
    nav,
    scripts: [`<script src="/widget-tokens/loader.js"${attrs} defer></script>`],
    modules: ["drop-in.js"],
    body: `
    <section class="card narrow">
      <p class="eyebrow">Quick transfer</p>
      <h1>Top up with Fluz</h1>
      <p class="muted">One click, pre-approved amounts. This page uses only the drop-in loader and data attributes.</p>
      <div class="buttons">
        <button class="btn primary" data-widget="fluz" data-amount="25.00" data-transaction-type="DEPOSIT">Deposit $25</button>
        <button class="btn" data-widget="fluz" data-amount="100.00" data-transaction-type="DEPOSIT">Deposit $100</button>
        <button class="btn" data-widget="jackpot" data-amount="10">Convert a $10 voucher</button>
      </div>
      <p class="status muted" id="drop-in-status" role="status">Ready.</p>
    </section>
    <section class="card narrow">
      <h2>Refer a friend</h2>
      <div data-widget="impact" data-impact-widget="p/referral-program/w/referrerWidget" id="drop-in-referral"></div>
    </section>`,
  });
}

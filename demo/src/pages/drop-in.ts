import { escapeHtml } from "../html.js";
import { formatCents } from "../money.js";
import type { DemoUser } from "../session.js";
import { type NavLink, page } from "./layout.js";

/**
 * The drop-in: the loader script and data attributes open the widgets. The
 * shop's own code is a status line, the store credit (reported to the server
 * when a transfer is confirmed) and the referral link's copy button.
 */
export function dropInPage(
  user: DemoUser,
  nav: readonly NavLink[],
  loaderAttributes: Record<string, string>,
  balance: number,
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
    <div class="page-head">
      <div>
        <p class="eyebrow">Quick transfer</p>
        <h1>One click, pre-approved</h1>
        <p class="muted">This page uses only the drop-in loader and data attributes.</p>
      </div>
      <div class="stat"><span class="muted">Store credit</span><strong id="balance">${escapeHtml(formatCents(balance))}</strong></div>
    </div>
    <p class="status" id="drop-in-status" role="status">Ready.</p>
    <div class="tiles">
      <section class="card" aria-labelledby="drop-in-fluz-title">
        <div class="card-head">
          <div>
            <h2 id="drop-in-fluz-title">Top up or withdraw with Fluz</h2>
            <p class="muted">Move money between your store credit and Fluz.</p>
          </div>
          <span class="badge">Fluz</span>
        </div>
        <div class="buttons">
          <button class="btn primary" data-widget="fluz" data-amount="25.00" data-transaction-type="DEPOSIT">Deposit $25</button>
          <button class="btn" data-widget="fluz" data-amount="100.00" data-transaction-type="DEPOSIT">Deposit $100</button>
          <button class="btn" data-widget="fluz" data-amount="50.00" data-transaction-type="WITHDRAW">Withdraw $50</button>
        </div>
      </section>
      <section class="card" aria-labelledby="drop-in-jackpot-title">
        <div class="card-head">
          <div>
            <h2 id="drop-in-jackpot-title">Convert a voucher</h2>
            <p class="muted">Turn a winning Jackpot voucher into store credit.</p>
          </div>
          <span class="badge">Jackpot</span>
        </div>
        <div class="buttons">
          <button class="btn" data-widget="jackpot" data-amount="10">Convert a $10 voucher</button>
        </div>
      </section>
    </div>
    <section class="card" aria-labelledby="drop-in-refer-title">
      <div class="card-head">
        <div>
          <h2 id="drop-in-refer-title">Refer a friend</h2>
          <p class="muted">Share your link: your friends save on their first order and you earn store credit.</p>
        </div>
        <span class="badge">impact.com</span>
      </div>
      <div data-widget="impact" data-impact-widget="p/referral-program/w/referrerWidget" id="drop-in-referral" class="referral-widget"></div>
      <div class="buttons">
        <button type="button" class="btn primary" id="drop-in-copy" disabled>Copy link</button>
      </div>
      <p class="copy-status" id="drop-in-copy-status" role="status" hidden></p>
    </section>`,
  });
}

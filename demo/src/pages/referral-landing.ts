import { escapeHtml } from "../html.js";
import type { DemoUser } from "../session.js";
import { type NavLink, page } from "./layout.js";

/** A referral code as impact.com's links carry it (the sandbox's are like GRACE-1A2B3C). */
export const REFERRAL_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Where a shared referral link lands (`/r/<code>`): the shop's welcome for a
 * referred friend. `code` is undefined when the link is not a valid one.
 */
export function referralLandingPage(
  user: DemoUser | null,
  nav: readonly NavLink[],
  code: string | undefined,
): string {
  if (code === undefined) {
    return page({
      title: "Referral link not valid",
      user,
      nav,
      body: `
      <section class="card narrow landing" aria-labelledby="landing-title">
        <p class="eyebrow">Refer a friend</p>
        <h1 id="landing-title">This referral link is not valid</h1>
        <p class="muted">Ask your friend to copy their link again. You can still shop with us.</p>
        <div class="buttons"><a class="btn primary" href="/">Visit the shop</a></div>
      </section>`,
    });
  }
  const next = user
    ? `<a class="btn primary" href="/checkout">Go to checkout</a><a class="btn" href="/account">Your account</a>`
    : `<a class="btn primary" href="/sign-in">Sign in to shop</a>`;
  return page({
    title: "A friend sent you $20",
    user,
    nav,
    body: `
    <section class="card narrow landing" aria-labelledby="landing-title">
      <div class="gift" aria-hidden="true">$20</div>
      <p class="eyebrow">Refer a friend</p>
      <h1 id="landing-title">A friend sent you $20 off</h1>
      <p class="muted">Your first order at Northwind Outfitters is $20 less with your friend's code, and they earn store credit when you buy.</p>
      <p class="code-line">Your code <span class="code" id="referral-code">${escapeHtml(code)}</span></p>
      <div class="buttons">${next}</div>
    </section>`,
  });
}

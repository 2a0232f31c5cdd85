import type { DemoSection } from "./section.js";

/**
 * What squatch-js 2's `<impact-embed>` loads into every widget iframe (its
 * `npmCdn` there is not configurable). @public e2e stands in for it offline.
 */
export const SQUATCH_RESIZE_OBSERVER_POLYFILL =
  "https://fast.ssqt.io/npm/resize-observer-polyfill@1.5.x";

/** The referral widget the demo shop shows. */
const DEMO_IMPACT_WIDGET = "p/referral-program/w/referrerWidget";

export const impactSection: DemoSection = {
  id: "impact",
  sandbox: (s) => ({
    impact: {
      accountSid: s.IMPACT_ACCOUNT_SID!,
      authToken: s.IMPACT_AUTH_TOKEN!,
      tenantAlias: s.IMPACT_TENANT_ALIAS!,
      notificationSecret: s.IMPACT_NOTIFICATION_SECRET!,
    },
  }),
  provider: ({ secrets }) => ({
    impact: {
      accountSid: secrets.IMPACT_ACCOUNT_SID!,
      authToken: secrets.IMPACT_AUTH_TOKEN!,
      tenantAlias: secrets.IMPACT_TENANT_ALIAS!,
      // Not an environment variable: end-to-end tests pass a short lifetime to startDemo.
      expiresIn: secrets.IMPACT_EXPIRES_IN || "1h",
      // Every user JWT is a ledger entry; impact.com's webhook that the widget verified
      // the shopper settles it (POST /widget-tokens/impact/notifications).
      notifications: { secret: secrets.IMPACT_NOTIFICATION_SECRET! },
    },
  }),
  client: ({ secrets, sandboxUrl }) => ({
    impact: {
      tenantAlias: secrets.IMPACT_TENANT_ALIAS!,
      // The sandbox serves the real squatch-js and the widget API below /impact.
      scriptUrl: `${sandboxUrl}/impact/squatch.js`,
      domain: `${sandboxUrl}/impact`,
    },
  }),
  // squatch-js is a script from the sandbox that calls the widget API there;
  // the widget iframe is about:blank (no frame-src needed) and inherits this policy.
  // Into that iframe squatch-js writes one more script, the ResizeObserver
  // polyfill from its npm CDN (fixed for <impact-embed>): exactly that URL is allowed.
  csp: ({ sandboxUrl }) => ({
    scriptSrc: [sandboxUrl, SQUATCH_RESIZE_OBSERVER_POLYFILL],
    connectSrc: [sandboxUrl],
  }),
  render: () => `
    <section class="card" id="refer" aria-labelledby="refer-title">
      <div class="card-head">
        <div>
          <h2 id="refer-title">Refer a friend</h2>
          <p class="muted">Share your link: your friends save on their first order and you earn store credit.</p>
        </div>
        <span class="badge">impact.com</span>
      </div>
      <div id="referrals" class="referral-widget" data-impact-widget="${DEMO_IMPACT_WIDGET}">
        <p class="muted loading">Loading your referral link…</p>
      </div>
      <p class="referral-status" id="impact-account" role="status" hidden></p>
      <p class="form-error" id="impact-error" role="alert" hidden></p>
      <div class="buttons">
        <button type="button" class="btn primary" id="impact-copy" disabled>Copy link</button>
        <button type="button" class="btn" id="impact-reload" data-needs-script disabled>Refresh</button>
      </div>
      <p class="copy-status" id="impact-copy-status" role="status" hidden></p>
    </section>`,
};

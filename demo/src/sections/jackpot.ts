import { formatCents } from "../money.js";
import type { DemoSection } from "./section.js";

/** The largest voucher the shop converts, in dollars. */
const JACKPOT_MAX_AMOUNT = 500;

/** "Convert a voucher": Jackpot's voucher widget, fed by a server-side session-token exchange. */
export const jackpotSection: DemoSection = {
  id: "jackpot",
  sandbox: (s) => ({
    jackpot: {
      apiKey: s.JACKPOT_API_KEY!,
      apiSignature: s.JACKPOT_API_SIGNATURE!,
      notificationSecret: s.JACKPOT_NOTIFICATION_SECRET!,
    },
  }),
  provider: ({ secrets, sandboxUrl, issued }) => ({
    jackpot: {
      apiKey: secrets.JACKPOT_API_KEY!,
      apiSignature: secrets.JACKPOT_API_SIGNATURE!,
      baseUrl: `${sandboxUrl}/jackpot`,
      maxAmount: JACKPOT_MAX_AMOUNT,
      // Each session's notificationKey is a ledger entry; Jackpot's RESERVED notification
      // settles it (POST /widget-tokens/jackpot/notifications), and only then the balance changes.
      notifications: { secret: secrets.JACKPOT_NOTIFICATION_SECRET! },
      onIssued: issued,
    },
  }),
  client: ({ sandboxUrl }) => ({ jackpot: { iframeUrl: `${sandboxUrl}/jackpot/widget` } }),
  csp: ({ sandboxUrl }) => ({ frameSrc: [sandboxUrl] }),
  render: () => `
    <section class="card" id="vouchers" aria-labelledby="jackpot-title">
      <div class="card-head">
        <div>
          <h2 id="jackpot-title">Convert a voucher</h2>
          <p class="muted">Turn a winning Jackpot voucher into store credit. Choose how much to convert, then enter the voucher code in Jackpot.</p>
        </div>
        <span class="badge">Jackpot</span>
      </div>
      <form class="transfer" id="jackpot-form" novalidate>
        <label for="jackpot-amount-input">Value to convert</label>
        <div class="money-input"><span>$</span><input id="jackpot-amount-input" name="amount" inputmode="decimal" autocomplete="off" value="25.00" aria-describedby="jackpot-hint" data-max="${JACKPOT_MAX_AMOUNT}"></div>
        <p class="hint" id="jackpot-hint">Up to ${formatCents(JACKPOT_MAX_AMOUNT * 100)} per voucher.</p>
        <div class="buttons">
          <button type="submit" class="btn primary" data-needs-script disabled>Convert voucher</button>
        </div>
        <p class="form-error" id="jackpot-error" role="alert" hidden></p>
      </form>
    </section>`,
};

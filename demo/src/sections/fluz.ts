import { WidgetTokensError } from "@widget-tokens/server";
import { toCents } from "../ledger.js";
import { formatCents } from "../money.js";
import type { DemoSection } from "./section.js";

/** The largest transfer, in dollars: the middleware's limit, the page's hint and its messages. */
const FLUZ_MAX_AMOUNT = 10_000;

export const fluzSection: DemoSection = {
  id: "fluz",
  sandbox: (s) => ({
    fluz: {
      apiKey: s.FLUZ_API_KEY!,
      apiSecret: s.FLUZ_API_SECRET!,
      notificationSecret: s.FLUZ_NOTIFICATION_SECRET!,
    },
  }),
  provider: ({ secrets, issued }) => ({
    fluz: {
      apiKey: secrets.FLUZ_API_KEY!,
      apiSecret: secrets.FLUZ_API_SECRET!,
      expiresIn: "1d",
      maxAmount: FLUZ_MAX_AMOUNT,
      // Every pre-approved transfer is a ledger entry; Fluz's webhook settles it
      // (POST /widget-tokens/fluz/notifications), and only then the balance changes.
      notifications: { secret: secrets.FLUZ_NOTIFICATION_SECRET! },
      onIssued: issued,
    },
  }),
  // The shop's policy: a withdrawal never exceeds the shopper's store credit.
  async authorize({ provider, user, request }, { ledger }) {
    if (provider !== "fluz" || request.transactionType !== "WITHDRAW") return true;
    const balance = await ledger.balance(user.id);
    if (toCents(request.amount) <= balance) return true;
    throw new WidgetTokensError(
      "FORBIDDEN",
      balance > 0
        ? `You can withdraw at most ${formatCents(balance)}.`
        : "Your store credit is $0.00: there is nothing to withdraw.",
      { field: "amount" },
    );
  },
  client: ({ sandboxUrl }) => ({ fluz: { scriptUrl: `${sandboxUrl}/fluz/widget.js` } }),
  csp: ({ sandboxUrl }) => ({ scriptSrc: [sandboxUrl], frameSrc: [sandboxUrl] }),
  render: () => `
    <section class="card" id="wallet" aria-labelledby="wallet-title">
      <div class="card-head">
        <div>
          <h2 id="wallet-title">Fluz wallet</h2>
          <p class="muted">Move money between your store credit and Fluz. Every transfer is pre-approved by us and confirmed by you in Fluz.</p>
        </div>
        <span class="badge">Fluz</span>
      </div>
      <form class="transfer" id="fluz-form" novalidate>
        <label for="fluz-amount-input">Amount</label>
        <div class="money-input"><span>$</span><input id="fluz-amount-input" name="amount" inputmode="decimal" autocomplete="off" value="50.00" aria-describedby="fluz-hint" data-max="${FLUZ_MAX_AMOUNT}"></div>
        <p class="hint" id="fluz-hint">Up to ${formatCents(FLUZ_MAX_AMOUNT * 100)}; a withdrawal up to your store credit.</p>
        <div class="buttons">
          <button type="submit" class="btn primary" data-action="DEPOSIT" data-needs-script disabled>Deposit</button>
          <button type="submit" class="btn" data-action="WITHDRAW" data-needs-script disabled>Withdraw</button>
        </div>
        <p class="form-error" id="fluz-error" role="alert" hidden></p>
      </form>
    </section>`,
};

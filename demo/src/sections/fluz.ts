import type { DemoSection } from "./section.js";

export const fluzSection: DemoSection = {
  id: "fluz",
  sandbox: (s) => ({ fluz: { apiKey: s.FLUZ_API_KEY!, apiSecret: s.FLUZ_API_SECRET! } }),
  provider: ({ secrets }) => ({
    fluz: {
      apiKey: secrets.FLUZ_API_KEY!,
      apiSecret: secrets.FLUZ_API_SECRET!,
      expiresIn: "1d",
      maxAmount: 10_000,
    },
  }),
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
        <div class="money-input"><span>$</span><input id="fluz-amount-input" name="amount" inputmode="decimal" autocomplete="off" value="50.00" aria-describedby="fluz-hint"></div>
        <p class="hint" id="fluz-hint">Up to $10,000.00, two decimals.</p>
        <div class="buttons">
          <button type="submit" class="btn primary" data-action="DEPOSIT" data-needs-script disabled>Deposit</button>
          <button type="submit" class="btn" data-action="WITHDRAW" data-needs-script disabled>Withdraw</button>
        </div>
        <p class="form-error" id="fluz-error" role="alert" hidden></p>
      </form>
    </section>`,
};

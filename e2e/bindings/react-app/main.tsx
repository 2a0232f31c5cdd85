/**
 * A merchant's React page on @widget-tokens/react, as the bindings spec
 * builds it with Vite (e2e/specs/react-binding.spec.ts). StrictMode on: in
 * development React mounts every effect twice, and the page still opens one
 * Fluz modal and renders one referral widget. The sandbox's origin and the
 * impact.com tenant come from the query (the sandbox's port changes every run).
 */
import { createWidgetClient, shopperMessage } from "@widget-tokens/client";
import { fluz } from "@widget-tokens/client/fluz";
import { impact } from "@widget-tokens/client/impact";
import { ImpactEmbed, WidgetTokensProvider, useWidget } from "@widget-tokens/react";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

const query = new URLSearchParams(location.search);
const sandbox = query.get("sandbox") ?? "";
const widgets = createWidgetClient({
  endpoint: "/widget-tokens",
  providers: [
    fluz({ scriptUrl: `${sandbox}/fluz/widget.js` }),
    impact({
      tenantAlias: query.get("tenant") ?? "",
      scriptUrl: `${sandbox}/impact/squatch.js`,
      domain: `${sandbox}/impact`,
    }),
  ],
});

function Wallet() {
  const [amount, setAmount] = useState("42.50");
  const [log, setLog] = useState<string[]>([]);
  const note = (line: string) => setLog((lines) => [...lines, line]);
  const { open, ready, state, error } = useWidget("fluz", {
    onOpen: () => note("Fluz is open"),
    onSuccess: () => note(`Deposit of $${amount} confirmed`),
    onClose: () => note("Deposit cancelled"),
  });
  return (
    <main>
      <h1>React wallet</h1>
      <label>
        Amount <input value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>{" "}
      <button
        type="button"
        disabled={!ready}
        onClick={() => open({ amount, transactionType: "DEPOSIT" })}
      >
        {state === "loading" ? "Opening Fluz…" : "Deposit with Fluz"}
      </button>
      <p>
        Widget state: <output data-testid="state">{state}</output>
      </p>
      {error && <p role="alert">{shopperMessage(error)}</p>}
      <ul aria-label="Activity">
        {log.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <li key={i}>{line}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WidgetTokensProvider client={widgets}>
      <Wallet />
      <section>
        <h2>Refer a friend</h2>
        <ImpactEmbed
          id="referrals"
          widget="p/referral-program/w/referrerWidget"
          fallback={<p>Loading your referral link…</p>}
        />
      </section>
    </WidgetTokensProvider>
  </StrictMode>,
);

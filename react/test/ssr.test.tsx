// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { guardBrowserGlobals } from "../../client/test/helpers/browser-globals-guard.js";

const touched = guardBrowserGlobals();

describe("server-side rendering (React)", () => {
  it("imports and renders to a string without touching a browser global, a token or an adapter", async () => {
    const { createElement: h } = await import("react");
    const { renderToString } = await import("react-dom/server");
    const { createWidgetClient } = await import("@widget-tokens/client");
    const { fluz } = await import("@widget-tokens/client/fluz");
    const { impact } = await import("@widget-tokens/client/impact");
    const { ImpactEmbed, WidgetTokensProvider, useWidget } = await import("../src/index.js");

    const fetch = vi.fn();
    const create = vi.fn();
    const spy = <P extends { create: (...a: never[]) => unknown }>(p: P): P => ({
      ...p,
      create: (...args: Parameters<P["create"]>) => {
        create();
        return p.create(...args);
      },
    });
    const client = createWidgetClient({
      endpoint: "/widget-tokens",
      fetch,
      providers: [spy(fluz({ scriptUrl: "/fluz.js" })), spy(impact({ tenantAlias: "t" }))],
    });
    function Wallet() {
      const { open, ready, state, error } = useWidget("fluz");
      return h(
        "button",
        {
          disabled: !ready,
          "data-state": state,
          onClick: () => open({ amount: 5, transactionType: "DEPOSIT" }),
        },
        error ? error.code : "Deposit",
      );
    }
    const html = renderToString(
      h(
        WidgetTokensProvider,
        { client },
        h(Wallet),
        h(ImpactEmbed, {
          widget: "p/referral-program/w/referrerWidget",
          className: "referrals",
          fallback: h("p", null, "Loading your referral link…"),
        }),
      ),
    );
    expect(html).toBe(
      '<button disabled="" data-state="idle">Deposit</button>' +
        '<div class="referrals" data-widget-state="idle"><div></div><p>Loading your referral link…</p></div>',
    );
    expect(touched).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
  });
});

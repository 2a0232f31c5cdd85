// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { guardBrowserGlobals } from "../../client/test/helpers/browser-globals-guard.js";

const touched = guardBrowserGlobals();

describe("server-side rendering (Vue)", () => {
  it("imports and renders to a string without touching a browser global, a token or an adapter", async () => {
    const { createSSRApp, defineComponent, h } = await import("vue");
    const { renderToString } = await import("vue/server-renderer");
    const { createWidgetClient } = await import("@widget-tokens/client");
    const { fluz } = await import("@widget-tokens/client/fluz");
    const { impact } = await import("@widget-tokens/client/impact");
    const { ImpactEmbed, WidgetTokensPlugin, useWidget } = await import("../src/index.js");

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
    const Wallet = defineComponent({
      setup() {
        const { open, ready, state } = useWidget("fluz");
        return () =>
          h(
            "button",
            {
              disabled: !ready.value,
              "data-state": state.value,
              onClick: () => open({ amount: 5, transactionType: "DEPOSIT" }),
            },
            "Deposit",
          );
      },
    });
    const App = defineComponent({
      render: () => [
        h(Wallet),
        h(
          ImpactEmbed,
          { widget: "p/referral-program/w/referrerWidget", class: "referrals" },
          { fallback: () => h("p", "Loading your referral link…") },
        ),
      ],
    });
    const html = await renderToString(createSSRApp(App).use(WidgetTokensPlugin, { client }));
    expect(html).toBe(
      '<!--[--><button disabled data-state="idle">Deposit</button>' +
        '<div data-widget-state="idle" class="referrals"><div></div>' +
        "<!--[--><p>Loading your referral link…</p><!--]--></div><!--]-->",
    );
    expect(touched).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
  });
});

// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Browser globals: on the server, code of this repository (the bindings, the
 * client, shared) must read none of them. The framework may probe for them
 * (`typeof window`): each read is put on the module that made it.
 */
const BROWSER_GLOBALS = [
  "window",
  "document",
  "navigator",
  "location",
  "customElements",
  "HTMLElement",
  "localStorage",
  "sessionStorage",
] as const;
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
  for (const name of BROWSER_GLOBALS) {
    const had = Object.getOwnPropertyDescriptor(globalThis, name);
    saved.set(name, had);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const caller = new Error().stack?.split("\n")[2] ?? "";
        if (/\/(react|vue|client|shared)\/src\//.test(caller))
          touched.push(`${name} in ${caller.trim()}`);
        return had?.get ? had.get.call(globalThis) : had?.value;
      },
    });
  }
});

afterAll(() => {
  for (const [name, had] of saved) {
    if (had) Object.defineProperty(globalThis, name, had);
    else Reflect.deleteProperty(globalThis, name);
  }
});

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

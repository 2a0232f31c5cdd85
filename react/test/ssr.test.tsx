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

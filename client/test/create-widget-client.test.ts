import { describe, expect, it, vi } from "vitest";
import { createWidgetClient as createAll } from "../src/all.js";
import { fluz } from "../src/fluz.js";
import { type WidgetAdapter, type WidgetProvider, createWidgetClient } from "../src/index.js";
import { jackpot } from "../src/jackpot.js";

/** A provider whose adapter records its creation and destruction. */
function spy<Id extends string>(id: Id) {
  const made: { destroyed: number }[] = [];
  const provider: WidgetProvider<Id, WidgetAdapter> = {
    id,
    create: vi.fn(() => {
      const adapter = { destroyed: 0 };
      made.push(adapter);
      return {
        state: "idle" as const,
        error: undefined,
        on: () => () => {},
        destroy: () => {
          adapter.destroyed++;
        },
      };
    }),
  };
  return { provider, made };
}

describe("createWidgetClient", () => {
  it("has one property per provider given, built once, on first use", () => {
    const a = spy("fluz");
    const b = spy("impact");
    const widgets = createWidgetClient({ endpoint: "/wt", providers: [a.provider, b.provider] });
    expect(Object.keys(widgets).sort()).toEqual(["destroy", "fluz", "impact"]);
    expect(a.provider.create).not.toHaveBeenCalled();
    expect(widgets.fluz).toBe(widgets.fluz);
    expect(a.provider.create).toHaveBeenCalledTimes(1);
    expect("gr4vy" in widgets).toBe(false);
    widgets.destroy();
    expect(a.made.map((m) => m.destroyed)).toEqual([1]);
    expect(b.made).toEqual([]); // never built, nothing to destroy
  });

  it("gives every adapter the same token API, on the client's endpoint", async () => {
    const fetch = vi.fn(
      async () => new Response('{"sessionToken":"s","expiresAt":"x"}', { status: 201 }),
    );
    let seen: unknown;
    const widgets = createWidgetClient({
      endpoint: "https://shop.example/wt/",
      fetch: fetch as unknown as typeof globalThis.fetch,
      providers: [
        {
          id: "probe",
          create: (api) => {
            seen = api;
            return { state: "idle", error: undefined, on: () => () => {}, destroy() {} };
          },
        },
      ],
    });
    void widgets.probe;
    await (seen as { post: (r: string, b: unknown) => Promise<unknown> }).post("jackpot", {
      amount: 5,
    });
    expect(fetch).toHaveBeenCalledWith(
      "https://shop.example/wt/jackpot/session-token",
      expect.anything(),
    );
  });

  it("refuses a missing endpoint, the 0.1 options, and a provider given twice", () => {
    expect(() => createWidgetClient({ providers: [] } as never)).toThrow(/"endpoint" is required/);
    expect(() =>
      createWidgetClient({ endpoint: "/wt", fluz: { scriptUrl: "/f.js" } } as never),
    ).toThrow(/"providers" is required.*@widget-tokens\/client\/fluz.*@widget-tokens\/client\/all/);
    expect(() =>
      createWidgetClient({
        endpoint: "/wt",
        providers: [fluz({ scriptUrl: "/f.js" }), fluz({ scriptUrl: "/g.js" })],
      }),
    ).toThrow(/"fluz" is not a provider, or given twice/);
    expect(() => createWidgetClient({ endpoint: "/wt", providers: [{}] } as never)).toThrow(
      /is not a provider/,
    );
  });

  it("the 0.1 all-in-one client still has every adapter, configured by key", () => {
    const widgets = createAll({ endpoint: "/wt", jackpot: { iframeUrl: "/j" } });
    for (const id of ["fluz", "impact", "gr4vy", "jackpot"] as const) {
      expect(typeof widgets[id].on).toBe("function");
    }
    expect(
      typeof createWidgetClient({ endpoint: "/wt", providers: [jackpot()] }).jackpot.open,
    ).toBe("function");
  });
});

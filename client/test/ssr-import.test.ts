// @vitest-environment node
import { describe, expect, it } from "vitest";

describe("server-side rendering", () => {
  it("imports with no window or document and does no work at import time", async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    const mod = await import("../src/index.js");
    const { fluz } = await import("../src/fluz.js");
    const { createWidgetClient: createAll } = await import("../src/all.js");
    const client = mod.createWidgetClient({
      endpoint: "/widget-tokens",
      providers: [fluz({ scriptUrl: "/f.js" })],
    });
    expect(typeof client.fluz.open).toBe("function");
    expect(client.fluz.state).toBe("idle");
    expect(typeof createAll({ endpoint: "/widget-tokens" }).jackpot.open).toBe("function");
    await expect(mod.loadScript("https://x.example/a.js")).rejects.toThrow(/not in a browser/);
  });

  it("the drop-in bootstrap does nothing without a document", async () => {
    await expect(import("../src/loader.js")).resolves.toBeDefined();
  });
});

// @vitest-environment node
import { describe, expect, it } from "vitest";
import { bundleApp, clientEntry } from "./helpers/bundle-app.js";

/** A string only each adapter's code has. */
const MARKERS = {
  fluz: "FluzWidget",
  impact: "impact-embed",
  gr4vy: "gr4vy-embed",
  jackpot: "JackpotWidget",
} as const;

describe("an app bundles only the adapters it passes to createWidgetClient", () => {
  it.each(Object.keys(MARKERS) as (keyof typeof MARKERS)[])(
    "a %s-only app carries no other adapter",
    async (only) => {
      const code = await bundleApp(clientEntry([only]));
      for (const [provider, marker] of Object.entries(MARKERS)) {
        if (provider === only) expect(code).toContain(marker);
        else expect(code, `${provider} is in a ${only}-only bundle`).not.toContain(marker);
      }
    },
    60_000,
  );

  it("the core alone carries no adapter at all", async () => {
    const code = await bundleApp(clientEntry([]));
    expect(code).toContain("/fluz/pat-token"); // the token API is there
    for (const marker of Object.values(MARKERS)) expect(code).not.toContain(marker);
  }, 60_000);

  it("the all-in-one entry does carry every adapter (the markers are real)", async () => {
    const code = await bundleApp(
      'import { createWidgetClient } from "@widget-tokens/client/all"; window.w = createWidgetClient;',
    );
    for (const marker of Object.values(MARKERS)) expect(code).toContain(marker);
  }, 60_000);
});

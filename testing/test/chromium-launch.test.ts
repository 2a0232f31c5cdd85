import { execFileSync } from "node:child_process";
import { chromium } from "@playwright/test";
import { describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "../src/chromium-launch.js";

/**
 * chromiumLaunchOptions() as a QA team's config uses it: the system's
 * Chromium, launched for real, with nothing `npx playwright install` fetched.
 */
describe("chromiumLaunchOptions", () => {
  it("launches /usr/bin/chromium by default and renders a page", async () => {
    const options = chromiumLaunchOptions({});
    const browser = await chromium.launch(options);
    try {
      const system = execFileSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
      expect(system).toContain(browser.version());
      const page = await browser.newPage();
      await page.setContent("<p>ready</p>");
      await expect(page.locator("p").textContent()).resolves.toBe("ready");
    } finally {
      await browser.close();
    }
    // A loaded CI machine can take many seconds to start a browser.
  }, 60_000);

  it("launches the executable CHROMIUM_PATH names", async () => {
    const missing = "/nonexistent/chromium-for-this-test";
    await expect(
      chromium.launch(chromiumLaunchOptions({ CHROMIUM_PATH: missing })),
    ).rejects.toThrow(missing);
  }, 60_000);
});

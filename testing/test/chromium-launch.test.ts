import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { describe, expect, it } from "vitest";
import {
  FULL_CHROMIUM_PATH,
  HEADLESS_SHELL_PATH,
  chromiumExecutable,
  chromiumLaunchOptions,
} from "../src/chromium-launch.js";

/**
 * chromiumLaunchOptions() as a QA team's config uses it: the system's
 * Chromium, launched for real, with nothing `npx playwright install` fetched.
 */
describe("chromiumLaunchOptions", () => {
  it("launches the system's Chromium by default (the headless shell where installed) and renders a page", async () => {
    const options = chromiumLaunchOptions({});
    expect(options.executablePath).toBe(
      existsSync(HEADLESS_SHELL_PATH) ? HEADLESS_SHELL_PATH : FULL_CHROMIUM_PATH,
    );
    const browser = await chromium.launch(options);
    try {
      // Debian builds both packages from one source: the same version.
      const system = execFileSync(FULL_CHROMIUM_PATH, ["--version"], { encoding: "utf8" });
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

describe("chromiumExecutable", () => {
  const shellInstalled = (path: string) => path === HEADLESS_SHELL_PATH;
  const nothingInstalled = () => false;

  it("is CHROMIUM_PATH when set, whatever is installed", () => {
    expect(chromiumExecutable({ CHROMIUM_PATH: "/opt/chrome" }, shellInstalled)).toBe(
      "/opt/chrome",
    );
    expect(chromiumExecutable({ CHROMIUM_PATH: "/opt/chrome", PWDEBUG: "1" }, shellInstalled)).toBe(
      "/opt/chrome",
    );
  });

  it("is Debian's chromium-headless-shell when installed, /usr/bin/chromium when not", () => {
    expect(chromiumExecutable({}, shellInstalled)).toBe("/usr/bin/chromium-headless-shell");
    expect(chromiumExecutable({}, nothingInstalled)).toBe("/usr/bin/chromium");
    expect(chromiumExecutable({ CHROMIUM_PATH: "" }, nothingInstalled)).toBe("/usr/bin/chromium");
  });

  it("is the full Chromium under the Playwright Inspector (PWDEBUG), which needs a window", () => {
    expect(chromiumExecutable({ PWDEBUG: "1" }, shellInstalled)).toBe("/usr/bin/chromium");
  });
});

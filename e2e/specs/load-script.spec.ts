import { expect, test } from "../fixtures.js";

/**
 * The script loader in a real browser: Playwright routes decide whether a
 * script URL answers, so failure and retry are exercised for real.
 */
test.describe("loadScript in Chromium", () => {
  test.beforeEach(async ({ page, demo }) => {
    await page.goto(`${demo.url}/sign-in`);
  });

  test("one tag and one promise per URL; the script runs once", async ({ page, demo }) => {
    let hits = 0;
    await page.route(`${demo.url}/test-scripts/once.js`, (route) => {
      hits++;
      return route.fulfill({
        contentType: "text/javascript",
        body: "window.__once = (window.__once || 0) + 1;",
      });
    });
    const result = await page.evaluate(async () => {
      const { loadScript } = (await import(
        "/assets/client/widget-tokens.js" as string
      )) as typeof import("../../client/src/index.js");
      const a = loadScript("/test-scripts/once.js");
      const b = loadScript("/test-scripts/once.js");
      await Promise.all([a, b]);
      await loadScript("/test-scripts/once.js");
      return {
        same: a === b,
        runs: (window as unknown as { __once: number }).__once,
        tags: document.querySelectorAll('script[src$="/test-scripts/once.js"]').length,
      };
    });
    expect(result).toEqual({ same: true, runs: 1, tags: 1 });
    expect(hits).toBe(1);
  });

  test("reuses a tag the page already has, loaded or still loading", async ({ page, demo }) => {
    await page.route(`${demo.url}/test-scripts/existing.js`, (route) =>
      route.fulfill({
        contentType: "text/javascript",
        body: "window.__existing = (window.__existing || 0) + 1;",
      }),
    );
    await page.route(`${demo.url}/test-scripts/existing2.js`, (route) =>
      route.fulfill({ contentType: "text/javascript", body: "window.__existing2 = 1;" }),
    );
    const result = await page.evaluate(async () => {
      const { loadScript } = (await import(
        "/assets/client/widget-tokens.js" as string
      )) as typeof import("../../client/src/index.js");
      // Still loading: the loader waits for the page's own tag.
      const tag = document.createElement("script");
      tag.src = "/test-scripts/existing.js";
      document.head.appendChild(tag);
      await loadScript("/test-scripts/existing.js");
      // Already loaded before the loader looked: its global tells.
      const tag2 = document.createElement("script");
      tag2.src = "/test-scripts/existing2.js";
      document.head.appendChild(tag2);
      await new Promise((r) => tag2.addEventListener("load", r));
      await loadScript("/test-scripts/existing2.js", { global: "__existing2" });
      return {
        runs: (window as unknown as { __existing: number }).__existing,
        tags:
          document.querySelectorAll('script[src$="/test-scripts/existing.js"]').length +
          document.querySelectorAll('script[src$="/test-scripts/existing2.js"]').length,
      };
    });
    expect(result).toEqual({ runs: 1, tags: 2 });
  });

  test("a failed load rejects with a clear error, and the next call retries", async ({
    page,
    demo,
  }) => {
    let hits = 0;
    await page.route(`${demo.url}/test-scripts/flaky.js`, (route) => {
      hits++;
      return hits === 1
        ? route.fulfill({ status: 503, body: "down" })
        : route.fulfill({ contentType: "text/javascript", body: "window.__flaky = 'ok';" });
    });
    const result = await page.evaluate(async () => {
      const { loadScript } = (await import(
        "/assets/client/widget-tokens.js" as string
      )) as typeof import("../../client/src/index.js");
      let first: { name: string; code: string; message: string } | undefined;
      try {
        await loadScript("/test-scripts/flaky.js");
      } catch (e) {
        const err = e as { name: string; code: string; message: string };
        first = { name: err.name, code: err.code, message: err.message };
      }
      const tagsAfterFailure = document.querySelectorAll(
        'script[src$="/test-scripts/flaky.js"]',
      ).length;
      await loadScript("/test-scripts/flaky.js");
      return { first, tagsAfterFailure, value: (window as unknown as { __flaky: string }).__flaky };
    });
    expect(result.first?.code).toBe("SCRIPT_LOAD_FAILED");
    expect(result.first?.message).toContain("/test-scripts/flaky.js");
    expect(result.tagsAfterFailure).toBe(0);
    expect(result.value).toBe("ok");
    expect(hits).toBe(2);
  });

  test("carries the CSP nonce", async ({ page, demo }) => {
    await page.route(`${demo.url}/test-scripts/nonce.js`, (route) =>
      route.fulfill({ contentType: "text/javascript", body: "" }),
    );
    const nonce = await page.evaluate(async () => {
      const { loadScript } = (await import(
        "/assets/client/widget-tokens.js" as string
      )) as typeof import("../../client/src/index.js");
      await loadScript("/test-scripts/nonce.js", { nonce: "abc123" });
      return (document.querySelector('script[src$="/test-scripts/nonce.js"]') as HTMLScriptElement)
        .nonce;
    });
    expect(nonce).toBe("abc123");
  });
});

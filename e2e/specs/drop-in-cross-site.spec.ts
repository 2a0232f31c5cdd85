import { expect, snapshot, test } from "../fixtures.js";
import { startCrossSite } from "../helpers/cross-site.js";

/**
 * A shop page on one site (127.0.0.1:A) and the middleware on another
 * (localhost:B) (issue 20, item 2): the browser keeps the middleware's
 * session cookie from the page's token requests, so the page sends the
 * shop's own credentials in a header, and a page that does not is told
 * what is wrong instead of "Please sign in".
 */

test("signed in, but the browser keeps the cookie from the cross-site request: the shopper reads why", async ({
  page,
  demo,
}) => {
  const shop = await startCrossSite({ sandboxUrl: demo.sandbox.url, secrets: demo.secrets });
  try {
    // Signed in on the middleware's own site: a first-party session cookie.
    await page.goto(`${shop.api.url}/sign-in`);
    expect((await page.context().cookies(shop.api.url)).map((c) => c.name)).toEqual(["session"]);
    const codes: unknown[] = [];
    await page.exposeFunction("reportError", (code: unknown) => codes.push(code));
    await page.addInitScript(() => {
      document.addEventListener("widget-tokens:error", (e) =>
        (window as unknown as { reportError(c: unknown): void }).reportError(
          (e as CustomEvent).detail?.error?.code,
        ),
      );
    });
    await page.goto(shop.page.url);
    const deposit = page.getByRole("button", { name: "Deposit $5" });
    await expect(deposit).toHaveAttribute("data-widget-state", "idle");
    const answer = page.waitForResponse((r) => r.url().endsWith("/fluz/pat-token"));
    await deposit.click();
    const refused = await answer;
    expect(refused.status()).toBe(401);
    expect((await refused.request().allHeaders()).cookie).toBeUndefined();
    await expect(deposit).toHaveAttribute("data-widget-state", "error");
    await expect(page.locator("button + .widget-tokens-message")).toHaveText(
      "Your browser did not send your sign-in.",
    );
    expect(codes).toEqual(["NO_CREDENTIALS"]);
    await snapshot(page, "drop-in-cross-site-no-credentials");
  } finally {
    await shop.close();
  }
});

test("the page sends the shop's own credentials in a header: the widget opens for that shopper", async ({
  page,
  demo,
  widgetFrame,
}) => {
  const shop = await startCrossSite({ sandboxUrl: demo.sandbox.url, secrets: demo.secrets });
  try {
    await page.goto(`${shop.page.url}/?bearer`);
    const deposit = page.getByRole("button", { name: "Deposit $5" });
    await expect(deposit).toHaveAttribute("data-widget-state", "idle");
    const asked = page.waitForRequest((r) => r.url().endsWith("/fluz/pat-token"));
    await deposit.click();
    const request = await asked;
    expect(new URL(request.url()).host).toBe(new URL(shop.api.url).host);
    expect(request.headers().authorization).toMatch(/^Bearer /);
    await expect(deposit).toHaveAttribute("data-widget-state", "open");
    await expect(widgetFrame("fluz").locator("#fluz-user")).toHaveText("cust_bearer");
    await page.screenshot({ path: "e2e/screenshots/drop-in-cross-site-bearer.png" });
  } finally {
    await shop.close();
  }
});

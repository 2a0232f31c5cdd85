import { expect, signIn, snapshot, test } from "../fixtures.js";

/**
 * Every wait ends, and every error offers a way out (issue 20, item 3), on
 * the demo's drop-in page in Chromium: a token request that never answers,
 * impact.com failing behind squatch-js, a provider that refuses.
 */

test("a token request that never answers ends at its deadline (15 s) in the error state, and a click tries again", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_hung" });
  // The page's clock is Playwright's: the 15 s pass at once, when the test says.
  await page.clock.install();
  await page.goto(`${demo.url}/drop-in`);
  const deposit = page.getByRole("button", { name: "Deposit $25" });
  await expect(deposit).toHaveAttribute("data-widget-state", "idle");
  // The token endpoint takes the request and never answers.
  await page.route("**/widget-tokens/fluz/pat-token", () => {});
  const asked = page.waitForRequest("**/widget-tokens/fluz/pat-token");
  await deposit.click();
  await asked;
  await expect(deposit).toHaveAttribute("aria-busy", "true");
  await page.clock.fastForward(14_000);
  await expect(deposit).toHaveAttribute("data-widget-state", "loading");
  await page.clock.fastForward(1_000);
  await expect(deposit).toHaveAttribute("data-widget-state", "error");
  await expect(deposit).toHaveAttribute("aria-busy", "false");
  const message = page.locator("button + .widget-tokens-message");
  await expect(message).toHaveText("This is taking too long. Please try again.");
  // The shop's own status line says the same as the message beside the button.
  await expect(page.locator("#drop-in-status")).toHaveText(
    "Fluz: This is taking too long. Please try again.",
  );
  await snapshot(page, "drop-in-waits-deadline");
  // The endpoint answers again: the same button opens Fluz.
  await page.unroute("**/widget-tokens/fluz/pat-token");
  await deposit.click();
  await expect(widgetFrame("fluz").locator("#fluz-amount")).toHaveText("$25.00");
  await expect(deposit).toHaveAttribute("data-widget-state", "open");
  await expect(message).toHaveText("");
});

test("impact.com failing behind squatch-js reaches the error state, with a Try again button that works", async ({
  page,
  demo,
  faults,
}) => {
  const user = "cust_impact_fault";
  await signIn(page, demo, { id: user });
  const referrals = page.locator('[data-widget="impact"]');
  // impact.com's widget API fails once for this shopper: squatch-js shows its error widget.
  await faults.set({ kind: "500", provider: "impact", user, times: 1 });
  const errors: unknown[] = [];
  await page.exposeFunction("reportError", (code: unknown) => errors.push(code));
  await page.addInitScript(() => {
    document.addEventListener("widget-tokens:error", (e) =>
      (window as unknown as { reportError(c: unknown): void }).reportError(
        (e as CustomEvent).detail?.error?.code,
      ),
    );
  });
  await page.goto(`${demo.url}/drop-in`);
  await expect(referrals).toHaveAttribute("data-widget-state", "error");
  expect(errors).toEqual(["WIDGET_ERROR"]);
  const message = page.locator('[data-widget="impact"] + .widget-tokens-message');
  await expect(message).toContainText("Something went wrong. Please try again.");
  const again = message.getByRole("button", { name: "Try again" });
  await snapshot(page, "drop-in-waits-impact-error");
  await again.click();
  await expect(referrals).toHaveAttribute("data-widget-state", "open");
  await expect(message).toHaveText("");
});

test("a provider's refusal reads as a refusal, not an outage", async ({ page, demo, faults }) => {
  const user = "cust_declined";
  await signIn(page, demo, { id: user });
  await faults.set({ kind: "decline", provider: "jackpot", user });
  await page.goto(`${demo.url}/drop-in`);
  const convert = page.getByRole("button", { name: "Convert a $10 voucher" });
  await expect(convert).toHaveAttribute("data-widget-state", "idle");
  await convert.click();
  await expect(convert).toHaveAttribute("data-widget-state", "error");
  await expect(page.locator("button + .widget-tokens-message")).toHaveText(
    "The provider declined this request.",
  );
  await expect(page.locator("#drop-in-status")).toHaveText(
    "Jackpot: The provider declined this request.",
  );
});

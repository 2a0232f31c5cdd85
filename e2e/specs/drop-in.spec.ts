import { expect, signIn, snapshot, test } from "../fixtures.js";

test("the loader script and data attributes open Fluz with no page code", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_dropin" });
  await page.goto(`${demo.url}/drop-in`);
  const events: string[] = [];
  await page.exposeFunction("recordEvent", (type: string) => events.push(type));
  await page.evaluate(() => {
    const button = document.querySelector('[data-widget="fluz"][data-amount="100.00"]')!;
    for (const t of ["open", "close", "success", "error"]) {
      button.addEventListener(`widget-tokens:${t}`, () =>
        (window as unknown as { recordEvent(t: string): void }).recordEvent(t),
      );
    }
  });
  await page.getByRole("button", { name: "Deposit $100" }).click();
  const modal = widgetFrame("fluz");
  await expect(modal.locator("#fluz-amount")).toHaveText("$100.00");
  await expect(modal.locator("#fluz-user")).toHaveText("cust_dropin");
  expect(await widgetTokens.received("fluz")).toMatchObject({
    amount: 100,
    transactionType: "DEPOSIT",
    externalId: "cust_dropin",
  });
  await snapshot(page, "drop-in-modal");
  await modal.getByRole("button", { name: /Confirm/ }).click();
  await expect(page.locator("#drop-in-status")).toContainText("Fluz: confirmed fluz_tx_");
  expect(events).toEqual(["open", "success"]);
});

test("one loader drives every provider on the page: Jackpot button and referral element", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_dropin_2", firstName: "Katherine", lastName: "Johnson" });
  await page.goto(`${demo.url}/drop-in`);
  // The referral element was mounted on load by the real squatch-js.
  const referral = widgetFrame("impact", { within: "#drop-in-referral" });
  await expect(referral.locator("#impact-user-name")).toHaveText("Katherine Johnson");

  await page.getByRole("button", { name: "Convert a $10 voucher" }).click();
  const jackpot = widgetFrame("jackpot");
  await expect(jackpot.locator("#jackpot-amount")).toHaveText("$10.00");
  await expect(page.locator("#drop-in-status")).toContainText("Jackpot is open");
  await page.screenshot({ path: "e2e/screenshots/drop-in-jackpot.png" });
});

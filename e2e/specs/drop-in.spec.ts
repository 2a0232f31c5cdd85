import { expect, signIn, snapshot, test } from "../fixtures.js";

test("the loader script and data attributes open Fluz with no page code", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_dropin" });
  await page.goto(`${demo.url}/drop-in`);
  const events: string[] = [];
  await page.exposeFunction("recordEvent", (type: string) => events.push(type));
  await page.evaluate(() => {
    for (const t of ["open", "close", "success", "error"]) {
      document.addEventListener(`widget-tokens:${t}`, () =>
        (window as unknown as { recordEvent(t: string): void }).recordEvent(t),
      );
    }
  });
  await page.getByRole("button", { name: "Deposit $100" }).click();
  const modal = page.frameLocator('iframe[title="Fluz"]');
  await expect(modal.locator("#fluz-amount")).toHaveText("$100.00");
  await expect(modal.locator("#fluz-user")).toHaveText("cust_dropin");
  await snapshot(page, "drop-in-modal");
  await modal.getByRole("button", { name: /Confirm/ }).click();
  await expect(page.locator("#drop-in-status")).toContainText("Confirmed: fluz_tx_");
  expect(events).toEqual(["open", "success"]);
});

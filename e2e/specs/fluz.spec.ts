import { expect, logOfMints, signIn, snapshot, test } from "../fixtures.js";
import { clickToClose } from "../helpers/close-widget.js";

test("sign in, withdraw, the sandbox modal shows the verified amount, confirm reaches the page", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
  sandboxScope,
}) => {
  await signIn(page, demo, { id: "cust_e2e_1", firstName: "Grace", lastName: "Hopper" });
  await snapshot(page, "account");

  await page.getByLabel("Amount").fill("42.50");
  await page.getByRole("button", { name: "Withdraw" }).click();

  const modal = widgetFrame("fluz");
  // Values the sandbox server read from the verified token, not from the page.
  await expect(modal.locator("#fluz-amount")).toHaveText("$42.50");
  await expect(modal.locator("#fluz-type")).toHaveText("WITHDRAW");
  await expect(modal.locator("#fluz-user")).toHaveText("cust_e2e_1");
  // The token the Fluz stand-in received and verified, sent by this test's modal frame.
  expect(await widgetTokens.received("fluz")).toMatchObject({
    amount: 42.5,
    transactionType: "WITHDRAW",
    externalId: "cust_e2e_1",
    apiKey: demo.secrets.FLUZ_API_KEY,
  });
  expect((await widgetTokens.all({ provider: "fluz" })).map((t) => t.scope)).toEqual([
    sandboxScope,
  ]);
  await expect(page.locator("body")).toHaveAttribute("data-fluz", "open");
  await snapshot(page, "fluz-modal");

  await modal.getByRole("button", { name: /Confirm/ }).click();
  await expect(page.locator("body")).toHaveAttribute("data-fluz", "success");
  await expect(page.locator("#activity li").first()).toContainText("Withdrawal confirmed");
  await expect(page.locator("#activity li").first()).toContainText("$42.50");
  await expect(page.locator("#balance")).toHaveText("$197.50");
  await expect(page.locator("iframe[title='Fluz']")).toHaveCount(0);
  await snapshot(page, "fluz-success");
});

test("closing the modal reports close and mints nothing more", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_e2e_2" });
  await page.getByRole("button", { name: "Deposit" }).click();
  const modal = widgetFrame("fluz");
  await expect(modal.locator("#fluz-type")).toHaveText("DEPOSIT");
  expect(await widgetTokens.received("fluz")).toMatchObject({
    transactionType: "DEPOSIT",
    externalId: "cust_e2e_2",
  });
  await clickToClose(page, modal.getByRole("button", { name: "Cancel" }), () =>
    expect(page.locator("body")).toHaveAttribute("data-fluz", "closed"),
  );
  await expect(page.locator("#activity li").first()).toContainText("Deposit cancelled");
  expect(await widgetTokens.all({ provider: "fluz" })).toHaveLength(1);
});

test("a bad amount is refused by the server and explained on the page", async ({
  page,
  demo,
  widgetTokens,
}) => {
  await signIn(page, demo, { id: "cust_e2e_3" });
  await page.getByLabel("Amount").fill("1e3");
  await page.getByRole("button", { name: "Deposit" }).click();
  await expect(page.locator("#fluz-error")).toHaveText(
    "Enter an amount in dollars and cents, such as 50.00.",
  );
  await expect(page.locator("iframe[title='Fluz']")).toHaveCount(0);
  expect(await widgetTokens.all({ provider: "fluz" })).toEqual([]);
});

test("no secret or token reaches the log, when a mint succeeds or the store fails", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_e2e_log" });
  const text = await logOfMints(page, demo, "/widget-tokens/fluz/pat-token", {
    amount: "5.00",
    transactionType: "DEPOSIT",
  });
  for (const value of Object.values(demo.secrets)) expect(text).not.toContain(value);
});

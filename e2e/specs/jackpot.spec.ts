import { expect, logOfMints, signIn, snapshot, test } from "../fixtures.js";
import { clickToClose, pressToClose } from "../helpers/close-widget.js";

test("convert a voucher: the Jackpot widget shows the amount, converting credits the account", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_jp_1", firstName: "Ada", lastName: "Lovelace" });
  await expect(page.locator("#vouchers h2")).toHaveText("Convert a voucher");

  await page.getByLabel("Value to convert").fill("25.00");
  await page.getByRole("button", { name: "Convert voucher" }).click();

  const frame = page.locator("iframe[title='Jackpot']");
  // The session token is handed over by postMessage, never in the URL.
  await expect(frame).toHaveAttribute("src", `${demo.sandbox.url}/jackpot/widget`);
  const widget = widgetFrame("jackpot");
  // The amount the sandbox read from the session it issued for the exchanged assertion.
  await expect(widget.locator("#jackpot-amount")).toHaveText("$25.00");
  await expect(page.locator("body")).toHaveAttribute("data-jackpot", "open");
  // The assertion the shop's server exchanged (server to server: found by its user).
  expect(await widgetTokens.received("jackpot", { user: "cust_jp_1" })).toMatchObject({
    amount: 25,
    userId: "cust_jp_1",
  });
  // Viewport only: a full-page capture resizes the viewport, which misplaces the fixed modal
  // (and can race the cross-origin frame's input routing right after it).
  await page.screenshot({ path: "e2e/screenshots/jackpot-widget.png" });

  await widget.getByLabel("Voucher code").fill("bad");
  await widget.getByRole("button", { name: "Convert $25.00" }).click();
  await expect(widget.locator(".field-error")).toContainText("voucher code");

  await widget.getByLabel("Voucher code").fill("JP-4821-7730");
  await widget.getByRole("button", { name: "Convert $25.00" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-jackpot", "success");
  await expect(page.locator("#activity li").first()).toContainText("Voucher converted");
  await expect(page.locator("#activity li").first()).toContainText("$25.00");
  await expect(page.locator("#balance")).toHaveText("$265.00");
  await expect(frame).toHaveCount(0);
  await snapshot(page, "jackpot-success");
});

test("closing the widget reports close; a second conversion gets a new session", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_jp_2" });
  await page.getByLabel("Value to convert").fill("12.50");
  await page.getByRole("button", { name: "Convert voucher" }).click();
  const widget = widgetFrame("jackpot");
  await expect(widget.locator("#jackpot-amount")).toHaveText("$12.50");
  await clickToClose(page, widget.getByRole("button", { name: "Cancel" }), () =>
    expect(page.locator("body")).toHaveAttribute("data-jackpot", "closed"),
  );
  await expect(page.locator("#activity li").first()).toContainText("Voucher conversion cancelled");
  await expect(page.locator("iframe[title='Jackpot']")).toHaveCount(0);

  await page.getByLabel("Value to convert").fill("40");
  await page.getByRole("button", { name: "Convert voucher" }).click();
  await expect(widget.locator("#jackpot-amount")).toHaveText("$40.00");
  // Two one-time assertions, one per session, each exchanged once.
  const first = await widgetTokens.received("jackpot", { user: "cust_jp_2" });
  const second = await widgetTokens.received("jackpot", { user: "cust_jp_2" });
  expect([first.amount, second.amount]).toEqual([12.5, 40]);
  expect(second.notificationKey).not.toBe(first.notificationKey);
  await pressToClose(page, "Escape", () =>
    expect(page.locator("body")).toHaveAttribute("data-jackpot", "closed"),
  );
});

test("an amount over the merchant's maximum is refused and explained", async ({
  page,
  demo,
  widgetTokens,
}) => {
  await signIn(page, demo, { id: "cust_jp_3" });
  await page.getByLabel("Value to convert").fill("600");
  await page.getByRole("button", { name: "Convert voucher" }).click();
  await expect(page.locator("#jackpot-error")).toHaveText("Enter an amount up to $500.00.");
  await expect(page.locator("iframe[title='Jackpot']")).toHaveCount(0);
  expect(await widgetTokens.all({ provider: "jackpot" })).toEqual([]);
  await snapshot(page, "jackpot-error");
});

test("a provider that refuses the exchange: the shop explains, no widget opens", async ({
  page,
  demo,
  widgetTokens,
  faults,
}) => {
  await signIn(page, demo, { id: "cust_jp_5" });
  // Only this test's user: the exchange is a server-to-server call.
  await faults.set({ kind: "decline", provider: "jackpot", user: "cust_jp_5" });
  await page.getByLabel("Value to convert").fill("15");
  await page.getByRole("button", { name: "Convert voucher" }).click();
  await expect(page.locator("#jackpot-error")).toBeVisible();
  await expect(page.locator("iframe[title='Jackpot']")).toHaveCount(0);
  // The stand-in accepted the assertion, then answered with the refusal it was told to give.
  expect(await widgetTokens.record("jackpot", { user: "cust_jp_5" })).toMatchObject({
    verdict: "valid",
    faults: ["decline"],
  });
});

test("no Jackpot secret or token reaches the log, when a mint succeeds or the store fails", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_jp_log" });
  const text = await logOfMints(page, demo, "/widget-tokens/jackpot/session-token", {
    amount: 15,
  });
  expect(text).not.toContain(demo.secrets.JACKPOT_API_KEY!);
  expect(text).not.toContain(demo.secrets.JACKPOT_API_SIGNATURE!);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  expect(text).not.toMatch(/jps_[\w-]{10,}/);
});

test("drop-in with the widget script: a data-widget button opens Jackpot for its amount", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_jp_4" });
  // A merchant page with only the loader and a button, on the shop's origin (and its CSP).
  await page.goto(`${demo.url}/account`);
  await page.setContent(`<!doctype html><html lang="en"><head><title>Vouchers</title>
<script src="/widget-tokens/loader.js" data-endpoint="/widget-tokens"
        data-jackpot-script-url="${demo.sandbox.url}/jackpot/widget.js" defer></script></head>
<body><button data-widget="jackpot" data-amount="30">Convert $30</button></body></html>`);
  const events = page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        for (const type of ["open", "close", "success", "error"]) {
          document.addEventListener(`widget-tokens:${type}`, () => {
            seen.push(type);
            if (type === "success" || type === "error") resolve(seen);
          });
        }
      }),
  );
  await page.getByRole("button", { name: "Convert $30" }).click();
  const widget = widgetFrame("jackpot");
  await expect(widget.locator("#jackpot-amount")).toHaveText("$30.00");
  expect(await widgetTokens.received("jackpot", { user: "cust_jp_4" })).toMatchObject({
    amount: 30,
  });
  await widget.getByLabel("Voucher code").fill("JP-1111-2222");
  await widget.getByRole("button", { name: "Convert $30.00" }).click();
  expect(await events).toEqual(["open", "success"]);
  await expect(page.locator("iframe[title='Jackpot']")).toHaveCount(0);
});

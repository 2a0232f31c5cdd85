import { expect, signIn, snapshot, test } from "../fixtures.js";

// A stand-in's page that gets a garbage 200 says so precisely, as the
// provider's own page would, instead of showing it as data.
for (const [shape, message] of [
  ["wrong-shape", "Fluz's answer (/fluz/api/verify) has no sessionId"],
  ["html", "Fluz answered HTTP 200 with a body that is not JSON (/fluz/api/verify)"],
] as const) {
  test(`the Fluz modal given a ${shape} 200 shows what is wrong`, async ({
    page,
    demo,
    faults,
    widgetFrame,
  }) => {
    await faults.set({ kind: "garbage", shape, provider: "fluz" });
    await signIn(page, demo, { id: `cust_garbage_${shape}` });
    await page.getByRole("button", { name: "Withdraw" }).click();
    const alert = widgetFrame("fluz").getByRole("alert");
    await expect(alert).toHaveText(message);
    await expect(alert).not.toContainText("Cannot read properties");
    await snapshot(page, `fluz-garbage-${shape}`);
  });
}

test("the Jackpot widget given a 200 without a conversion id says so, not 'Converted'", async ({
  page,
  demo,
  faults,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_garbage_jp" });
  await page.getByLabel("Value to convert").fill("25.00");
  await page.getByRole("button", { name: "Convert voucher" }).click();
  const widget = widgetFrame("jackpot");
  await expect(widget.locator("#jackpot-amount")).toHaveText("$25.00");
  // Now the conversion (this test's browser requests only) answers a 200 of the wrong shape.
  await faults.set({ kind: "garbage", shape: "wrong-shape", provider: "jackpot" });
  await widget.getByLabel("Voucher code").fill("JP-4821-7730");
  await widget.getByLabel("Voucher code").press("Enter");
  await expect(widget.getByRole("alert")).toHaveText(
    "Jackpot's answer (/jackpot/api/convert) has no conversionId",
  );
  await expect(widget.getByText(/^Converted/)).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/jackpot-garbage.png" });
});

test("Gr4vy Embed given a 200 of the wrong shape says what is missing, not a currency error", async ({
  page,
  demo,
  faults,
  widgetFrame,
}) => {
  await faults.set({ kind: "garbage", shape: "wrong-shape", provider: "gr4vy" });
  await signIn(page, demo, { id: "cust_garbage_gr4vy" });
  await page.getByRole("link", { name: "Checkout", exact: true }).click();
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const error = widgetFrame("gr4vy").locator("#gr4vy-error");
  await expect(error).toHaveText("Gr4vy's answer (/gr4vy/api/embed-session) has no sessionId");
  await expect(error).not.toContainText("Currency code");
});

test("Fluz under reset: the browser's re-sent POST is no replay, and the modal says the connection closed", async ({
  page,
  demo,
  faults,
  widgetFrame,
  widgetTokens,
}) => {
  // Every answer of the verify call is cut: Chromium sends the POST again on its own.
  await faults.set({ kind: "reset", provider: "fluz" });
  await signIn(page, demo, { id: "cust_reset_fluz" });
  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(widgetFrame("fluz").getByRole("alert")).toHaveText(
    "Fluz could not be reached: the connection closed without an answer (/fluz/api/verify). Try again.",
  );
  // The same token from the same modal is answered as the first time, never "already used".
  const received = await widgetTokens.all({ provider: "fluz" });
  expect(received.length).toBeGreaterThan(0);
  expect(received.map((t) => [t.verdict, t.faults])).toEqual(
    received.map(() => ["valid", ["reset"]]),
  );
  await snapshot(page, "fluz-reset");
});

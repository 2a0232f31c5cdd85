import { expect, logOfMints, signIn, snapshot, test } from "../fixtures.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("checkout → Pay opens Gr4vy Embed → card payment → the success page shows the transaction id", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_gr4vy_1", firstName: "Ada", lastName: "Lovelace" });
  await expect(page.locator("#cart-card")).toContainText("Check out · $182.99");
  await snapshot(page, "gr4vy-account");
  await page.getByRole("link", { name: "Checkout", exact: true }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.locator("#order-total")).toHaveText("$182.99");
  await snapshot(page, "gr4vy-checkout");

  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const embed = widgetFrame("gr4vy");
  // The amount the sandbox's server read from the verified token.
  await expect(embed.locator("#gr4vy-amount")).toHaveText("$182.99");
  await expect(page.locator("body")).toHaveAttribute("data-gr4vy", "open");
  // The embed token the Gr4vy stand-in received: the cart's amount, pinned by the server.
  expect(await widgetTokens.received("gr4vy")).toMatchObject({
    scopes: ["embed"],
    embed: { amount: 18299, currency: "USD" },
  });

  // An incomplete card is refused inside the frame; nothing is submitted.
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  await expect(embed.locator("#cardnumber-error")).toHaveText("Enter a valid card number.");
  await expect(page).toHaveURL(/\/checkout$/);

  await embed.getByLabel("Card number").fill("4111 1111 1111 1111");
  await embed.getByLabel("Expiry date").fill("12/39");
  await embed.getByLabel("Security code").fill("123");
  // Embed reports the form valid (formUpdate) before the shopper pays.
  await expect(page.locator("body")).toHaveAttribute("data-gr4vy-form", "valid");
  await expect(embed.locator('[aria-invalid="true"]')).toHaveCount(0);
  await snapshot(page, "gr4vy-embed");
  // Keyboard, as a shopper tabbing out of the card form: a mouse click issued
  // by automation right after typing in the cross-origin frame can be routed
  // to the frame by Chromium's stale hit-test data.
  await page.getByRole("button", { name: "Pay $182.99" }).focus();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/checkout\/complete$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your order is confirmed",
  );
  const id = (await page.locator("#transaction-id").textContent()) ?? "";
  expect(id).toMatch(UUID);
  await expect(page.locator("#paid-amount")).toHaveText("$182.99");
  await expect(page.locator("#payment-status")).toHaveText("authorization succeeded");
  // Approved is green, declined (below) red: the outcome's colour, not the provider badges'.
  await expect(page.locator("#payment-status")).toHaveClass(/\bok\b/);
  await expect(page.locator("#payment-status")).toHaveCSS("color", "rgb(22, 101, 52)");
  await snapshot(page, "gr4vy-success");

  // The id is the sandbox's own transaction, for this amount.
  const tx = await page.request.get(`${demo.sandbox.url}/gr4vy/api/transactions/${id}`);
  expect(tx.status()).toBe(401); // no API token: a browser cannot read it
});

test("an amount altered in the page is refused by the sandbox, and nothing is paid", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_gr4vy_2" });
  await page.goto(`${demo.url}/checkout`);
  // Tamper with what the page hands Embed: the token still pins $182.99.
  await page.route("**/widget-tokens/gr4vy/embed-token", async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, amount: 100 } });
  });
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const embed = widgetFrame("gr4vy");
  await expect(embed.locator("#gr4vy-error")).toHaveText(
    "The amount does not match the embed token",
  );
  await expect(embed.getByLabel("Card number")).toHaveCount(0);
  // The shopper reads what to do; the provider's reason stays in its frame.
  await expect(page.locator("#checkout-error")).toHaveText(
    "The payment form could not be opened. Please reload the page and try again.",
  );
  // The stand-in's verdict on the token it received with the altered amount.
  await expect(widgetTokens.received("gr4vy")).rejects.toThrow(/verdict "mismatch"/);
  await snapshot(page, "gr4vy-tampered");
});

test("a refused token is renewed once, then the error is shown", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_gr4vy_3" });
  await page.goto(`${demo.url}/checkout`);
  let requests = 0;
  await page.route("**/widget-tokens/gr4vy/embed-token", async (route) => {
    requests++;
    const response = await route.fetch();
    const body = await response.json();
    const [h, p] = body.token.split(".");
    // Same header and claims, a forged signature: Embed reports a 401 apiError.
    await route.fulfill({ response, json: { ...body, token: `${h}.${p}.${"A".repeat(176)}` } });
  });
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const embed = widgetFrame("gr4vy");
  await expect(page.locator("#checkout-error")).toHaveText(
    "The payment form could not be opened. Please reload the page and try again.",
  );
  await expect(embed.locator("#gr4vy-error")).toContainText("signature or format is invalid");
  // One renewal, not a loop: the adapter shows the error only when it gives up, so
  // every request it made came before it (a loop would have renewed instead).
  expect(requests).toBe(2);
  // The embed tokens Embed sent (the shop's own API tokens, for its checkout session, are `api`).
  const embedTokens = (await widgetTokens.all({ provider: "gr4vy" })).filter(
    (t) => t.kind === "embed",
  );
  expect(embedTokens.map((t) => t.verdict)).toEqual(["bad-signature", "bad-signature"]);
});

test("a declined card reaches the order page as declined, with its transaction id", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_gr4vy_4" });
  await page.goto(`${demo.url}/checkout`);
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const embed = widgetFrame("gr4vy");
  await embed.getByLabel("Card number").fill("4000 0000 0000 0002");
  await embed.getByLabel("Expiry date").fill("01/38");
  await embed.getByLabel("Security code").fill("999");
  await expect(page.locator("body")).toHaveAttribute("data-gr4vy-form", "valid");
  await page.getByRole("button", { name: "Pay $182.99" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/checkout\/complete$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your payment was declined");
  await expect(page.locator("#payment-status")).toHaveText("authorization declined");
  await expect(page.locator("#payment-status")).toHaveClass(/\bdeclined\b/);
  await expect(page.locator("#payment-status")).toHaveCSS("color", "rgb(153, 27, 27)");
  await snapshot(page, "gr4vy-declined");
  expect((await page.locator("#transaction-id").textContent()) ?? "").toMatch(UUID);
});

test("no secret or token reaches the log, when a mint succeeds or the store fails", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_gr4vy_log" });
  const text = await logOfMints(page, demo, "/widget-tokens/gr4vy/embed-token", {});
  expect(text).not.toContain("PRIVATE KEY");
  for (const value of Object.values(demo.secrets)) expect(text).not.toContain(value);
});

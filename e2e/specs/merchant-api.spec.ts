import { expect, linesLoggedBy, postFromPage, signIn, snapshot, test } from "../fixtures.js";

test("create a partner profile through the allow-listed merchant API proxy", async ({
  page,
  demo,
  widgetTokens,
}) => {
  const logged = demo.log.lines.length;
  await signIn(page, demo, { id: "cust_ma_1", firstName: "Ada", lastName: "Lovelace" });
  const card = page.locator("#partner-profile");
  await expect(card.locator("h2")).toHaveText("Partner rewards profile");
  await expect(card.getByLabel("Email")).toHaveValue("cust_ma_1@example.com");
  await snapshot(page, "merchant-api-card");

  await card.getByRole("button", { name: "Create customer profile" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-merchant-api", "created");
  const result = card.locator("#merchant-api-result");
  await expect(result).toContainText("Profile created for cust_ma_1@example.com");
  await expect(result).toContainText(/cus_[0-9a-f]{16}/);
  await expect(page.locator("#activity li").first()).toContainText("Partner profile created");
  // The shop's server called the merchant API with a valid access token of its own session.
  // Recorded for the customer the call was made for: this test's shopper.
  expect(
    await widgetTokens.received("merchantApi", { user: "cust_ma_1@example.com" }),
  ).toMatchObject({
    sub: demo.secrets.MERCHANT_API_EMAIL,
    merchant_id: demo.secrets.MERCHANT_API_MERCHANT_ID,
    typ: "access",
  });
  await snapshot(page, "merchant-api-created");

  // The shop's policy: only your own address (403 from the route's authorize).
  await card.getByLabel("Email").fill("someone.else@example.com");
  await card.getByRole("button", { name: "Create customer profile" }).click();
  await expect(card.locator("#merchant-api-error")).toHaveText(
    "You can only create a profile for your own email address.",
  );
  // The provider's own validation answer comes back through the proxy.
  await card.getByLabel("Email").fill("cust_ma_1@example.com");
  await card.getByLabel("First name").fill("");
  await card.getByRole("button", { name: "Create customer profile" }).click();
  await expect(card.locator("#merchant-api-error")).toHaveText("Please enter your first name.");
  await snapshot(page, "merchant-api-error");

  // Nothing but the listed call exists under the proxy, and no credential or token reached a log.
  expect(await postFromPage(page, "/widget-tokens/merchant-api/v2/auth/login", {})).toEqual({
    status: 404,
    json: { error: { code: "NOT_FOUND", message: "No such route" } },
  });
  // The store that holds the session fails: the proxy answers an error, and the failure is logged.
  await linesLoggedBy(demo, async () => {
    const failed = await demo.storeOutage(() =>
      postFromPage(page, "/widget-tokens/merchant-api/v2/customer/create", {
        firstName: "Ada",
        lastName: "Lovelace",
        email: "cust_ma_1@example.com",
      }),
    );
    expect(failed.status).toBeGreaterThanOrEqual(500);
  });
  // What this test's traffic logged (never an earlier test's lines).
  for (const line of demo.log.lines.slice(logged)) {
    expect(line).not.toContain(demo.secrets.MERCHANT_API_PASSWORD!);
    expect(line).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\./);
  }
});

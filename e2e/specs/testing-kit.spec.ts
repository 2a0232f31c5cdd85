import { expect, test } from "../fixtures.js";

test.describe("the testing kit's fixtures", () => {
  test.use({
    baseURL: async ({ demo }, use) => use(demo.url),
    // The demo shop's own sign-in form, as a merchant's config names it.
    signIn: {
      url: "/sign-in",
      fields: { "User id": "id", "First name": "firstName" },
      submit: "Sign in",
    },
    shopper: { id: "cust_kit_1", firstName: "Grace" },
  });

  // Asks for widgetTokens only after the test: the cursor was taken when the
  // test started, so the tokens of a test that never named the fixture count.
  test.afterEach(async ({ widgetTokens, sandboxScope }) => {
    const tokens = await widgetTokens.all();
    expect(tokens.map((t) => `${t.provider} ${t.kind}`)).toContain("fluz patToken");
    // The sign-in landed on /account (the referral widget) in a scope of its own.
    expect(tokens.map((t) => t.scope)).toEqual(tokens.map(() => sandboxScope));
  });

  test("the shopper option signs in once through the shop's own form; the tokens of a test that never named widgetTokens are its own", async ({
    page,
    widgetFrame,
  }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/); // signed in: no redirect to the sign-in page
    await page.getByLabel("Amount").fill("12.00");
    await page.getByRole("button", { name: "Withdraw" }).click();
    await expect(widgetFrame("fluz").locator("#fluz-user")).toHaveText("cust_kit_1");
  });

  test("a second test of the worker reuses the signed-in state", async ({ page, widgetFrame }) => {
    await page.goto("/account");
    await expect(page.getByText("Grace")).not.toHaveCount(0);
    await page.getByRole("button", { name: "Deposit" }).click();
    await expect(widgetFrame("fluz").locator("#fluz-type")).toHaveText("DEPOSIT");
  });
});

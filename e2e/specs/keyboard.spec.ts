import { AxeBuilder } from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, signIn, snapshot, test } from "../fixtures.js";
import { pressToClose } from "../helpers/close-widget.js";

/**
 * Keyboard and screen readers for every modal we own or wrap (issue 20,
 * item 4), on the demo's pages in Chromium: a keyboard-only pass per modal
 * widget (open, use, close by Escape and by the widget's own Cancel, focus
 * back on the button, the page behind out of reach), and an axe-core run
 * per provider with its widget showing.
 */

/** axe-core on the page and its frames, every rule (colour contrast included): no violation. */
async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** While a modal shows, Tab never reaches the page behind it. */
async function expectPageBehindInert(page: Page, opener: Locator) {
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    await expect(opener).not.toBeFocused();
  }
  expect(await page.locator("body > [inert]").count()).toBeGreaterThan(0);
}

for (const { provider, button, frame, use } of [
  {
    provider: "fluz",
    button: "Deposit $25",
    frame: 'iframe[title="Fluz"]',
    use: async (page: Page) =>
      expect(page.frameLocator('iframe[title="Fluz"]').locator("#fluz-amount")).toHaveText(
        "$25.00",
      ),
  },
  {
    provider: "jackpot",
    button: "Convert a $10 voucher",
    frame: 'iframe[title="Jackpot"]',
    use: async (page: Page) => {
      const code = page.frameLocator('iframe[title="Jackpot"]').getByLabel("Voucher code");
      await code.focus();
      await page.keyboard.type("JP-1234");
      await expect(code).toHaveValue("JP-1234");
    },
  },
] as const) {
  test(`${provider} by keyboard alone: Enter opens, Escape and the widget's Cancel close, focus comes back`, async ({
    page,
    demo,
  }) => {
    await signIn(page, demo, { id: `cust_keys_${provider}` });
    await page.goto(`${demo.url}/drop-in`);
    const opener = page.getByRole("button", { name: button });
    await expect(opener).toHaveAttribute("data-widget-state", "idle");

    // Open with Enter; focus goes into the widget; the page behind is out of reach.
    await opener.focus();
    await page.keyboard.press("Enter");
    await expect(opener).toHaveAttribute("data-widget-state", "open");
    await expect(page.locator(frame)).toBeFocused();
    await use(page);
    await expectPageBehindInert(page, opener);
    await snapshot(page, `keyboard-${provider}-open`);
    // Escape, from inside the widget where the keyboard user is.
    await pressToClose(page, "Escape", async () => {
      await expect(opener).toHaveAttribute("data-widget-state", "idle");
      await expect(page.locator(frame)).toHaveCount(0);
      await expect(opener).toBeFocused();
    });
    expect(await page.locator("body > [inert]").count()).toBe(0);

    // Again, closed by the widget's own Cancel, pressed with the keyboard.
    await page.keyboard.press("Enter");
    await expect(opener).toHaveAttribute("data-widget-state", "open");
    // Focus, then the keyboard's Enter (the frame goes away between key down and key up).
    await page.frameLocator(frame).getByRole("button", { name: "Cancel" }).focus();
    await pressToClose(page, "Enter", async () => {
      await expect(opener).toHaveAttribute("data-widget-state", "idle");
      await expect(opener).toBeFocused();
    });
  });
}

test("axe finds nothing on the drop-in page, with each modal open and the referral widget shown", async ({
  page,
  demo,
}) => {
  test.setTimeout(120_000); // three axe runs over the page and its frames
  await signIn(page, demo, { id: "cust_axe" });
  await page.goto(`${demo.url}/drop-in`);
  const referrals = page.locator('[data-widget="impact"]');
  await expect(referrals).toHaveAttribute("data-widget-state", "open");
  // squatch-js's frame carries a title (axe: frame-title).
  await expect(referrals.locator("iframe#squatchFrame")).toHaveAttribute(
    "title",
    "Referral program",
  );
  await expectNoAxeViolations(page);
  for (const [name, frame] of [
    ["Deposit $25", 'iframe[title="Fluz"]'],
    ["Convert a $10 voucher", 'iframe[title="Jackpot"]'],
  ] as const) {
    const opener = page.getByRole("button", { name });
    await opener.click();
    await expect(page.locator(frame)).toBeVisible();
    await expectNoAxeViolations(page);
    await pressToClose(page, "Escape", () =>
      expect(opener).toHaveAttribute("data-widget-state", "idle"),
    );
  }
});

test("axe finds nothing on the checkout page with Gr4vy Embed shown", async ({ page, demo }) => {
  test.setTimeout(60_000);
  await signIn(page, demo, { id: "cust_axe_gr4vy" });
  await page.goto(`${demo.url}/checkout`);
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  await expect(page.locator('iframe[title="Gr4vy payment form"]')).toBeVisible();
  await expectNoAxeViolations(page);
});

/**
 * The two widgets that are not modals (impact.com's referral widget and
 * Gr4vy Embed sit in the page, with no Escape or Cancel of their own): by
 * keyboard alone, Tab goes into their titled frame, reaches their fields,
 * and comes out again (no trap).
 */
async function tabUntil(page: Page, target: Locator, most = 15) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  await expect(target).toBeFocused();
}

test("impact.com by keyboard alone: Tab goes into the titled referral frame, reaches the share link, and out to the page", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_keys_impact" });
  await page.goto(`${demo.url}/drop-in`);
  await expect(page.locator('[data-widget="impact"]')).toHaveAttribute("data-widget-state", "open");
  const frame = page.frameLocator('iframe[title="Referral program"]');
  await page.getByRole("button", { name: "Convert a $10 voucher" }).focus();
  const link = frame.getByLabel("Your personal link");
  await tabUntil(page, link);
  await expect(link).toBeFocused();
  await snapshot(page, "keyboard-impact-link");
  const copy = page.getByRole("button", { name: "Copy link" });
  await tabUntil(page, copy);
  await expect(copy).toBeFocused();
});

test("Gr4vy by keyboard alone: Enter on Pay shows the titled Embed frame, Tab reaches each card field, typed by keys", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_keys_gr4vy" });
  await page.goto(`${demo.url}/checkout`);
  const pay = page.getByRole("button", { name: "Pay $182.99" });
  await expect(pay).toBeEnabled();
  await pay.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator('iframe[title="Gr4vy payment form"]')).toBeVisible();
  const embed = page.frameLocator('iframe[title="Gr4vy payment form"]');
  for (const [label, keys] of [
    ["Card number", "4111111111111111"],
    ["Expiry date", "1230"],
    ["Security code", "123"],
  ] as const) {
    const field = embed.getByLabel(label);
    await tabUntil(page, field);
    await expect(field).toBeFocused();
    await page.keyboard.type(keys);
    await expect(field).not.toHaveValue("");
  }
  await snapshot(page, "keyboard-gr4vy-fields");
});

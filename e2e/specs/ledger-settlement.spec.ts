import type { Page } from "@playwright/test";
import type { SandboxNotifications } from "@widget-tokens/sandbox";
import { expect, signIn, snapshot, test } from "../fixtures.js";

/**
 * Every provider's flow in the demo ends in the middleware's ledger: the
 * store credit (Fluz, Jackpot) changes only when the provider's own
 * notification, sent by the sandbox server to server, settled the entry;
 * the Gr4vy order only when the transaction read back from Gr4vy settled
 * its checkout session; the impact.com referral account only when
 * impact.com's webhook settled the user JWT's entry. A success the page
 * makes up changes nothing.
 */

/** The newest entry of the account page's activity list. */
const firstActivity = (page: Page) => page.locator("#activity li").first();

/**
 * `holdNotifications(provider)`: that provider's notifications for this test
 * are held until the test releases them (a `late` switch on the test's
 * scope, switched off after the test).
 */
const heldTest = test.extend<{
  holdNotifications: (provider: "fluz" | "jackpot" | "impact") => SandboxNotifications;
}>({
  holdNotifications: async ({ demo, sandboxScope }, use) => {
    const notifications = demo.sandbox.notifications;
    const ids: string[] = [];
    await use((provider) => {
      ids.push(notifications.faults.set({ kind: "late", provider, scope: sandboxScope }).id);
      return notifications;
    });
    for (const id of ids) notifications.faults.remove(id);
  },
});

heldTest(
  "Fluz: pending until Fluz's webhook settles the patToken's entry, then the balance moves",
  async ({ page, demo, widgetTokens, widgetFrame, holdNotifications }) => {
    // Fluz's webhooks for this test are held until the test releases them.
    const notifications = holdNotifications("fluz");
    await signIn(page, demo, { id: "cust_settle_fluz" });
    await expect(page.locator("#balance")).toHaveText("$240.00");
    await page.getByLabel("Amount").fill("50.00");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await widgetFrame("fluz")
      .getByRole("button", { name: /Confirm/ })
      .click();

    // The widget said success; the shop has not heard from Fluz yet.
    await expect(page.locator("body")).toHaveAttribute("data-fluz", "pending");
    await expect(firstActivity(page)).toContainText("Deposit pending");
    const { jti } = await widgetTokens.received("fluz");
    await notifications.waitForHeld({ key: jti });
    expect(await demo.ledger.lookup(jti)).toMatchObject({ status: "approved", amount: 5000 });
    await expect(page.locator("#balance")).toHaveText("$240.00");
    await snapshot(page, "ledger-fluz-pending");

    // Fluz's webhook arrives: settled, and only now the balance changes.
    expect(notifications.release({ key: jti })).toBe(1);
    await expect(page.locator("body")).toHaveAttribute("data-fluz", "success");
    await expect(page.locator("#balance")).toHaveText("$290.00");
    await expect(firstActivity(page)).toContainText("Deposit confirmed");
    const entry = await demo.ledger.lookup(jti);
    expect(entry).toMatchObject({
      provider: "fluz",
      userId: "cust_settle_fluz",
      transactionType: "DEPOSIT",
      status: "settled",
      settlement: { amount: 5000 },
    });
    await expect(firstActivity(page)).toContainText(entry!.settlement!.reference);
    await snapshot(page, "ledger-fluz-settled");
  },
);

heldTest(
  "Jackpot: the conversion is credited when Jackpot's RESERVED notification settles its notificationKey",
  async ({ page, demo, widgetTokens, widgetFrame, holdNotifications }) => {
    const notifications = holdNotifications("jackpot");
    await signIn(page, demo, { id: "cust_settle_jp" });
    await page.getByLabel("Value to convert").fill("25.00");
    await page.getByRole("button", { name: "Convert voucher" }).click();
    const widget = widgetFrame("jackpot");
    await widget.getByLabel("Voucher code").fill("JP-4821-7730");
    await widget.getByRole("button", { name: "Convert $25.00" }).click();

    await expect(page.locator("body")).toHaveAttribute("data-jackpot", "pending");
    await expect(firstActivity(page)).toContainText("Voucher pending");
    const { notificationKey } = await widgetTokens.received("jackpot", { user: "cust_settle_jp" });
    await notifications.waitForHeld({ key: notificationKey });
    expect((await demo.ledger.lookup(notificationKey))?.status).toBe("approved");
    await expect(page.locator("#balance")).toHaveText("$240.00");
    await snapshot(page, "ledger-jackpot-pending");

    notifications.release({ key: notificationKey });
    await expect(page.locator("body")).toHaveAttribute("data-jackpot", "success");
    await expect(page.locator("#balance")).toHaveText("$265.00");
    expect(await demo.ledger.lookup(notificationKey)).toMatchObject({
      provider: "jackpot",
      userId: "cust_settle_jp",
      transactionType: "VOUCHER",
      status: "settled",
      settlement: { amount: 2500, reference: expect.stringMatching(/^jp_cv_/) },
    });
    await snapshot(page, "ledger-jackpot-settled");
  },
);

test("Gr4vy: the order is confirmed by the transaction read back from Gr4vy, which settles the checkout session", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_settle_gr4vy" });
  await page.goto(`${demo.url}/checkout`);
  await page.getByRole("button", { name: "Pay $182.99" }).click();
  const embed = widgetFrame("gr4vy");
  await expect(embed.locator("#gr4vy-amount")).toHaveText("$182.99");
  const claims = await widgetTokens.received("gr4vy");
  const session = String(claims.checkout_session_id);
  expect(await demo.ledger.lookup(session)).toMatchObject({
    provider: "gr4vy",
    status: "approved",
    amount: 18299,
  });
  await embed.getByLabel("Card number").fill("4111 1111 1111 1111");
  await embed.getByLabel("Expiry date").fill("12/39");
  await embed.getByLabel("Security code").fill("123");
  await expect(page.locator("body")).toHaveAttribute("data-gr4vy-form", "valid");
  await page.getByRole("button", { name: "Pay $182.99" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your order is confirmed",
  );
  const id = (await page.locator("#transaction-id").textContent()) ?? "";
  expect(await demo.ledger.lookup(session)).toMatchObject({
    userId: "cust_settle_gr4vy",
    status: "settled",
    settlement: { amount: 18299, reference: id },
  });
});

heldTest(
  "impact.com: the referral account is confirmed when impact.com's webhook settles the user JWT's entry; a forged widget event changes nothing",
  async ({ page, demo, widgetTokens, holdNotifications }) => {
    const notifications = holdNotifications("impact");
    await signIn(page, demo, { id: "cust_settle_impact" });
    await expect(page.locator("body")).toHaveAttribute("data-impact", "open");
    // The widget verified the shopper; the shop has not heard from impact.com yet.
    await expect(page.locator("body")).toHaveAttribute("data-impact-account", "pending");
    const claims = await widgetTokens.received("impact");
    expect(claims.user).toMatchObject({ id: "cust_settle_impact" });
    const jti = String(claims.jti);
    expect(claims).not.toHaveProperty("amount");
    await notifications.waitForHeld({ key: jti, event: "user.widget.verified" });
    expect(await demo.ledger.lookup(jti)).toMatchObject({
      provider: "impact",
      userId: "cust_settle_impact",
      amount: 0,
      transactionType: "REFERRAL_WIDGET",
      status: "approved",
    });

    // The page forges what the widget would say: squatch-js's loaded event, the
    // client's open event. The page asks the server again, which has heard nothing.
    await page.evaluate(() => {
      const embed = document.querySelector("impact-embed")!;
      embed.dispatchEvent(new CustomEvent("sq:widget-loaded", { bubbles: true, composed: true }));
      embed.dispatchEvent(new CustomEvent("widget-tokens:open", { bubbles: true }));
    });
    const asked = await page.evaluate(async () => {
      const get = await fetch("/account/referral");
      // No route takes the page's word for it.
      const post = await fetch("/account/referral", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ status: "confirmed" }),
      });
      return { get: await get.json(), post: post.status };
    });
    expect(asked).toEqual({ get: { status: "pending" }, post: 404 });
    await expect(page.locator("body")).toHaveAttribute("data-impact-account", "pending");
    await expect(page.locator("#impact-account")).toHaveText(
      "Waiting for impact.com to confirm your referral account…",
    );
    expect((await demo.ledger.lookup(jti))?.status).toBe("approved");
    await snapshot(page, "ledger-impact-pending");

    // impact.com's webhook arrives: settled, and only now the page says so.
    expect(notifications.release({ key: jti })).toBe(1);
    await expect(page.locator("body")).toHaveAttribute("data-impact-account", "confirmed");
    await expect(page.locator("#impact-account")).toHaveText(
      "✓ Referral account confirmed by the server",
    );
    expect(await demo.ledger.lookup(jti)).toMatchObject({
      provider: "impact",
      status: "settled",
      settlement: { amount: 0, reference: expect.stringMatching(/^[0-9a-f]{24}$/) },
    });
    // The store credit is untouched: a referral widget moves no money.
    await expect(page.locator("#balance")).toHaveText("$240.00");
    await snapshot(page, "ledger-impact-settled");
  },
);

test("a success made up by the page changes nothing: Fluz and Jackpot stay pending, the old credit route is gone, Gr4vy refuses an unknown transaction", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_forger" });
  await expect(page.locator("#balance")).toHaveText("$240.00");

  // The widget's success message, forged in the page: the client takes it only from the widget's frame.
  await page.evaluate(() => {
    window.postMessage(
      {
        source: "fluz-sandbox",
        type: "success",
        detail: { transactionId: "fluz_tx_forged", amount: 9000, transactionType: "DEPOSIT" },
      },
      "*",
    );
  });
  // The page's own handler, fed a forged success (as a script on the drop-in page could):
  // it waits for the server, which never heard of these transactions.
  await page.goto(`${demo.url}/drop-in`);
  for (const [provider, detail] of [
    ["fluz", { transactionId: "fluz_tx_forged", amount: 9000, transactionType: "DEPOSIT" }],
    ["jackpot", { conversionId: "jp_cv_forged", amount: 500 }],
  ] as const) {
    await page.evaluate(
      ({ provider, detail }) => {
        document
          .querySelector(`button[data-widget="${provider}"]`)!
          .dispatchEvent(
            new CustomEvent("widget-tokens:success", { bubbles: true, detail: { detail } }),
          );
      },
      { provider, detail },
    );
    await expect(page.locator("#drop-in-status")).toContainText("waiting for the provider");
    await expect(page.locator("body")).toHaveAttribute("data-balance", "pending");
  }
  const asked = await page.evaluate(async () => {
    const ask = async (path: string, init?: RequestInit) => {
      const res = await fetch(path, init);
      return { status: res.status, body: await res.text() };
    };
    return {
      fluz: await ask("/account/transfers/fluz/fluz_tx_forged"),
      jackpot: await ask("/account/transfers/jackpot/jp_cv_forged"),
      // The route through which the page used to report a success is gone.
      oldCredit: await ask("/account/transfers", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ provider: "fluz", transactionId: "fluz_tx_forged", amount: 9000 }),
      }),
      // A made-up Gr4vy transaction id posted as the order form would.
      gr4vy: await ask("/checkout/complete", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "gr4vy_transaction_id=8a1c3f0e-2b4d-4e6f-8a1b-3c5d7e9f0a2b",
      }),
    };
  });
  expect(JSON.parse(asked.fluz.body)).toMatchObject({ status: "pending", balance: 24_000 });
  expect(JSON.parse(asked.jackpot.body)).toMatchObject({ status: "pending", balance: 24_000 });
  expect(asked.oldCredit.status).toBe(404);
  expect(asked.gr4vy.status).toBeGreaterThanOrEqual(400);
  expect(asked.gr4vy.body).not.toContain("your order is confirmed");
  await snapshot(page, "ledger-forged-pending");

  // A real deposit afterwards moves the balance by its own amount only.
  await page.goto(`${demo.url}/account`);
  await expect(page.locator("#balance")).toHaveText("$240.00");
  await page.getByLabel("Amount").fill("10.00");
  await page.getByRole("button", { name: "Deposit", exact: true }).click();
  await widgetFrame("fluz")
    .getByRole("button", { name: /Confirm/ })
    .click();
  await expect(page.locator("body")).toHaveAttribute("data-fluz", "success");
  await expect(page.locator("#balance")).toHaveText("$250.00");
});

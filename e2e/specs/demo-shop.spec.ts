import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { SQUATCH_RESIZE_OBSERVER_POLYFILL } from "../../demo/dist/sections/impact.js";
import { DemoPortError, startDemo } from "../../demo/dist/start-demo.js";
import { expect, randomSecrets, signIn, snapshot, test } from "../fixtures.js";

/**
 * squatch-js loads this polyfill from impact.com's CDN into every referral
 * widget; the tests have no internet, so they stand in for the CDN (Chromium
 * has ResizeObserver, which is all the polyfill would hand back).
 */
async function standInForSquatchCdn(page: Page) {
  await page.route(SQUATCH_RESIZE_OBSERVER_POLYFILL, (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: "/* resize-observer-polyfill stand-in: the browser's own ResizeObserver */",
    }),
  );
}

/** Every console error and uncaught exception of a page, in any of its frames. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

const REFERRAL_FRAME = "#referrals impact-embed iframe";

test("the balance is the server's: a withdrawal over it is refused, and the figure survives a reload", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_shop_balance", firstName: "Grace", lastName: "Hopper" });
  await expect(page.locator("#balance")).toHaveText("$240.00");

  // $5,000 against $240: the shop's authorize refuses it (403), nothing opens.
  const refused = page.waitForResponse((r) => r.url().endsWith("/widget-tokens/fluz/pat-token"));
  await page.getByLabel("Amount").fill("5000");
  await page.getByRole("button", { name: "Withdraw" }).click();
  expect((await refused).status()).toBe(403);
  await expect(page.locator("#fluz-error")).toHaveText("You can withdraw at most $240.00.");
  await expect(page.locator("iframe[title='Fluz']")).toHaveCount(0);
  await snapshot(page, "shop-withdraw-refused");

  // Within the balance: confirmed in Fluz, then Fluz's webhook settles it on the server,
  // whose figure replaces the page's.
  await page.getByLabel("Amount").fill("40.00");
  await page.getByRole("button", { name: "Withdraw" }).click();
  await page
    .frameLocator("iframe[title='Fluz']")
    .getByRole("button", { name: /Confirm/ })
    .click();
  await expect(page.locator("body")).toHaveAttribute("data-fluz", "success");
  await expect(page.locator("#balance")).toHaveText("$200.00");

  // A success the page makes up changes nothing: e2e/specs/ledger-settlement.spec.ts.
  await page.reload();
  await expect(page.locator("#balance")).toHaveText("$200.00");
  await page.getByLabel("Amount").fill("200.01");
  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.locator("#fluz-error")).toHaveText("You can withdraw at most $200.00.");

  // The drop-in page reads the same balance, and its confirmed deposit moves it.
  await page.goto(`${demo.url}/drop-in`);
  await expect(page.locator("#balance")).toHaveText("$200.00");
  await page.getByRole("button", { name: "Deposit $25" }).click();
  await page
    .frameLocator("iframe[title='Fluz']")
    .getByRole("button", { name: /Confirm/ })
    .click();
  await expect(page.locator("#drop-in-status")).toContainText("Fluz: confirmed fluz_tx_");
  await expect(page.locator("#balance")).toHaveText("$225.00");
  await snapshot(page, "shop-drop-in-balance");
  await page.goto(`${demo.url}/account`);
  await expect(page.locator("#balance")).toHaveText("$225.00");
});

test("messages are the shop's words, not the server's", async ({ page, demo }) => {
  await signIn(page, demo, { id: "cust_shop_messages" });
  const cases: [string, string][] = [
    ["10000.01", "Enter an amount up to $10,000.00."],
    ["", "Enter an amount."],
    ["12.345", "Enter at most two decimals, such as 50.25."],
    ["0", "Enter an amount greater than $0.00."],
  ];
  for (const [amount, message] of cases) {
    await page.getByLabel("Amount").fill(amount);
    await page.getByRole("button", { name: "Deposit" }).click();
    await expect(page.locator("#fluz-error")).toHaveText(message);
  }
  await page.locator("#wallet").scrollIntoViewIfNeeded();
  await snapshot(page, "shop-amount-message");
});

test("Create customer profile: a double click and a second click create exactly one profile", async ({
  page,
  demo,
}) => {
  const created: { customerId: string; replayed: boolean }[] = [];
  page.on("response", async (res) => {
    if (res.url().endsWith("/merchant-api/v2/customer/create") && res.status() === 201) {
      const headers = await res.allHeaders();
      created.push({
        customerId: ((await res.json()) as { customerId: string }).customerId,
        replayed: headers["idempotent-replayed"] === "true",
      });
    }
  });
  const keys: string[] = [];
  page.on("request", (req) => {
    if (req.url().endsWith("/merchant-api/v2/customer/create")) {
      keys.push(req.headers()["idempotency-key"] ?? "");
    }
  });
  await signIn(page, demo, { id: "cust_shop_profile", firstName: "Ada", lastName: "Lovelace" });
  const card = page.locator("#partner-profile");
  const button = card.getByRole("button", { name: "Create customer profile" });

  await button.dblclick();
  await expect(page.locator("body")).toHaveAttribute("data-merchant-api", "created");
  await expect(button).toBeEnabled();
  await expect(button).not.toHaveAttribute("aria-busy", "true");
  // Clicked again with the same details: the same key, the first answer replayed.
  await button.click();
  await expect.poll(() => created.length).toBe(keys.length);
  expect(new Set(created.map((c) => c.customerId)).size).toBe(1);
  expect(created.filter((c) => !c.replayed)).toHaveLength(1);
  expect(new Set(keys).size).toBe(1);
  expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
  await expect(page.locator("#activity li", { hasText: "Partner profile created" })).toHaveCount(1);

  // An address that is not one says so (not "only your own address").
  await card.getByLabel("Email").fill("not-an-email");
  await button.click();
  await expect(card.locator("#merchant-api-error")).toHaveText("Enter a valid email address.");
  await expect(card.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  // The server says the same to any other client.
  const answer = await page.evaluate(async () => {
    const res = await fetch("/widget-tokens/merchant-api/v2/customer/create", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "Ada", lastName: "Lovelace", email: "nope" }),
    });
    return { status: res.status, body: await res.json() };
  });
  expect(answer).toMatchObject({ status: 400, body: { error: { field: "email" } } });
  await card.scrollIntoViewIfNeeded();
  await snapshot(page, "shop-profile-invalid-email");
});

test("checkout/complete opened directly is a page; the cart says the same count everywhere", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_shop_checkout" });
  await expect(page.locator("#cart-card #cart-count")).toHaveText("4 items");
  await page.goto(`${demo.url}/checkout`);
  await expect(page.locator("#cart-count")).toHaveText("4 items");

  const res = await page.goto(`${demo.url}/checkout/complete`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nothing to confirm here");
  await snapshot(page, "shop-checkout-complete-direct");
  await page.getByRole("link", { name: "Back to checkout" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
});

test("the referral link has a copy button, and its landing page is the shop's", async ({
  page,
  demo,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await standInForSquatchCdn(page);
  await signIn(page, demo, { id: "cust_shop_refer", firstName: "Grace", lastName: "Hopper" });
  const link = page.frameLocator(REFERRAL_FRAME).locator("#impact-share-link");
  await expect(link).toHaveValue(/\/impact\/r\/GRACE-[0-9A-F]{6}$/);
  const shared = await link.inputValue();

  const copy = page.getByRole("button", { name: "Copy link" });
  await expect(copy).toBeEnabled();
  await copy.click();
  await expect(page.locator("#impact-copy")).toHaveText("Copied");
  await expect(page.locator("#impact-copy-status")).toHaveText(
    "Link copied: paste it in a message to a friend.",
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shared);
  await page.locator("#refer").scrollIntoViewIfNeeded();
  await snapshot(page, "shop-referral-copied");

  // The shop's landing page for a referral code, signed in and out.
  const code = shared.split("/").pop()!;
  await page.goto(`${demo.url}/r/${code}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A friend sent you $20 off");
  await expect(page.locator("#referral-code")).toHaveText(code);
  await expect(page.locator(".card")).toHaveCSS("border-top-left-radius", "14px");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(`${demo.url}/r/${code}`);
  await expect(page.getByRole("link", { name: "Sign in to shop" })).toBeVisible();
  await snapshot(page, "shop-referral-landing");
  expect((await page.goto(`${demo.url}/r/not%20a%20code`))?.status()).toBe(404);
});

test("after signing out in another tab, Refresh asks for a token and says to sign in again", async ({
  page,
  demo,
  context,
}) => {
  await standInForSquatchCdn(page);
  const tokenAnswers: number[] = [];
  page.on("response", (r) => {
    if (r.url().endsWith("/widget-tokens/impact/user-token")) tokenAnswers.push(r.status());
  });
  await signIn(page, demo, { id: "cust_shop_tabs", firstName: "Grace", lastName: "Hopper" });
  const frame = page.frameLocator(REFERRAL_FRAME);
  await expect(frame.locator("#impact-user-name")).toHaveText("Grace Hopper");
  expect(tokenAnswers).toEqual([201]);

  // Refresh while signed in: a new token, the same shopper.
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect.poll(() => tokenAnswers).toEqual([201, 201]);
  await expect(frame.locator("#impact-user-name")).toHaveText("Grace Hopper");

  const other = await context.newPage();
  await other.goto(`${demo.url}/account`);
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveURL(/\/sign-in$/);
  await other.close();

  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.locator("#impact-error")).toHaveText("Please sign in again.");
  expect(tokenAnswers).toEqual([201, 201, 401]);
  await expect(page.locator(REFERRAL_FRAME)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeDisabled();
  await page.locator("#refer").scrollIntoViewIfNeeded();
  await snapshot(page, "shop-referral-signed-out");
});

test("no console error on any page of the shop, signed in or out", async ({ page, demo }) => {
  await standInForSquatchCdn(page);
  const errors = collectErrors(page);
  const favicon = await page.request.get(`${demo.url}/favicon.svg`);
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toContain("image/svg+xml");

  for (const path of ["/sign-in", "/r/FRIEND-ABC123"]) {
    await page.goto(`${demo.url}${path}`);
    await expect(page.locator("main")).toBeVisible();
  }
  expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");

  await signIn(page, demo, { id: "cust_shop_console", firstName: "Ada", lastName: "Lovelace" });
  await expect(page.locator("body")).toHaveAttribute("data-impact", "open");
  await expect(page.frameLocator(REFERRAL_FRAME).locator("#impact-user-name")).toHaveText(
    "Ada Lovelace",
  );
  // The widget iframe grew by squatch-js's ResizeObserver, with the polyfill loaded.
  await snapshot(page, "shop-account");

  await page.goto(`${demo.url}/drop-in`);
  await expect(
    page.frameLocator("#drop-in-referral impact-embed iframe").locator("#impact-user-name"),
  ).toHaveText("Ada Lovelace");
  await expect(page.getByRole("button", { name: "Copy link" })).toBeEnabled();
  await snapshot(page, "shop-drop-in");

  await page.goto(`${demo.url}/checkout`);
  await expect(page.getByRole("button", { name: /^Pay / })).toBeEnabled();
  for (const path of ["/checkout/complete", "/r/FRIEND-ABC123"]) {
    await page.goto(`${demo.url}${path}`);
    await expect(page.locator("main")).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test("a busy port is one line on stderr, naming it and PORT, and exit code 1", async () => {
  const blocker = createServer();
  blocker.listen(0, "localhost");
  await once(blocker, "listening");
  const { port } = blocker.address() as AddressInfo;
  try {
    const main = fileURLToPath(new URL("../../demo/dist/main.js", import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: String(port), SANDBOX_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `demo: port ${port} is already in use (another \`npm start\`?). Stop it, or choose a free port: PORT=${port + 10} npm start`,
    ]);
  } finally {
    blocker.close();
  }
});

test("a busy SANDBOX_PORT: the default gives way to a free port, a chosen one is refused", async () => {
  const blocker = createServer();
  blocker.listen(0, "127.0.0.1");
  await once(blocker, "listening");
  const { port } = blocker.address() as AddressInfo;
  const quiet = { info() {}, warn() {}, error() {} };
  try {
    const demo = await startDemo({
      port: 0,
      sandboxPort: port,
      sandboxPortFallback: true,
      secrets: randomSecrets(),
      logger: quiet,
    });
    try {
      expect(demo.sandboxPortBusy).toBe(port);
      expect(new URL(demo.sandbox.url).port).not.toBe(String(port));
    } finally {
      await demo.close();
    }
    const refused = await startDemo({
      port: 0,
      sandboxPort: port,
      secrets: randomSecrets(),
      logger: quiet,
    }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DemoPortError);
    expect(refused).toMatchObject({ port, variable: "SANDBOX_PORT", reason: "busy" });
  } finally {
    blocker.close();
  }
});

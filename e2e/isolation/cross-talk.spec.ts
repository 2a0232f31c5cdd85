import type { Page } from "@playwright/test";
import {
  type FaultSpec,
  GR4VY_TEST_CARDS,
  type SandboxProviderId,
  type WidgetFrame,
  type WidgetTokens,
  test as base,
  expect,
} from "@widget-tokens/testing";
import { SHOP_URL_ENV } from "./global-setup.js";

/**
 * Isolation (issue 23): every provider's faults, each in a test of its own,
 * run at the same time as clean tests of the same provider, in four workers
 * sharing one sandbox and one shop. Each fault reaches its own test (what
 * the page shows, what the stand-in recorded) and no other: every clean
 * test sees the provider work and its tokens answered without a fault.
 * Browser-side providers are scoped by the test (X-Sandbox-Scope), what the
 * shop's server sends by the shopper (Jackpot's exchange, merchant-API
 * calls for the shopper's address). Tests are listed provider by provider,
 * fault and clean in turn, so the workers run a provider's together.
 */
const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  baseURL: async ({}, use) => {
    const url = process.env[SHOP_URL_ENV];
    if (!url)
      throw new Error(`${SHOP_URL_ENV} is unset: run with -c e2e/playwright.isolation.config.ts`);
    await use(url);
  },
});

interface Step {
  page: Page;
  widgetTokens: WidgetTokens;
  widgetFrame: WidgetFrame;
  /** The shopper's id; the merchant API's customer is `<id>@shop.example`. */
  user: string;
}

interface Provider {
  id: SandboxProviderId;
  /** Who its fault switches name: the test (scope) or the shopper (what the server sends). */
  by: "scope" | "user";
  /** The shopper's user as the stand-in records it. */
  recorded(user: string): string;
  /** Go through the provider's flow on the shop's page. */
  open(s: Step): Promise<void>;
  /** What the page shows when it worked. */
  worked(s: Step): Promise<void>;
  /** The faults run against it, and what the page shows for each. */
  faults: { spec: Omit<FaultSpec, "provider" | "user" | "scope">; shown(s: Step): Promise<void> }[];
}

const shopAlert = (page: Page) => page.locator("#shop-alert");

async function pay(s: Step) {
  const embed = s.widgetFrame("gr4vy");
  await embed.getByLabel("Card number").fill(GR4VY_TEST_CARDS.approved.number);
  await embed.getByLabel("Expiry date").fill("12/39");
  await embed.getByLabel("Security code").fill("123");
  await s.page.getByRole("button", { name: /^Pay/ }).focus();
  await s.page.keyboard.press("Enter");
}

const PROVIDERS: Provider[] = [
  {
    id: "fluz",
    by: "scope",
    recorded: (user) => user,
    async open({ page }) {
      await page.goto("/account");
      await page.getByRole("button", { name: "Withdraw" }).click();
    },
    async worked({ widgetFrame }) {
      await expect(widgetFrame("fluz").locator("#fluz-amount")).toHaveText("$20.00");
    },
    faults: [
      {
        spec: { kind: "500" },
        shown: ({ widgetFrame }) =>
          expect(widgetFrame("fluz").getByRole("alert")).toHaveText(
            "Fluz is unavailable, try again later",
          ),
      },
      {
        spec: { kind: "expire" },
        shown: ({ widgetFrame }) =>
          expect(widgetFrame("fluz").getByRole("alert")).toHaveText("patToken has expired"),
      },
    ],
  },
  {
    id: "impact",
    by: "scope",
    recorded: (user) => user,
    async open({ page }) {
      await page.goto("/refer");
    },
    async worked({ page, widgetFrame }) {
      await expect(page.locator('[data-widget="impact"]')).toHaveAttribute(
        "data-widget-state",
        "open",
      );
      await expect(
        widgetFrame("impact", { within: "#referrals" }).locator("#impact-user-name"),
      ).toBeVisible();
    },
    faults: [
      {
        // impact.com failing reaches the page: the drop-in's error state and the shop's message.
        spec: { kind: "500" },
        async shown({ page }) {
          await expect(page.locator('[data-widget="impact"]')).toHaveAttribute(
            "data-widget-state",
            "error",
          );
          await expect(shopAlert(page)).toContainText("Sorry, that did not work");
        },
      },
    ],
  },
  {
    id: "gr4vy",
    by: "scope",
    recorded: (user) => user,
    async open(s) {
      await s.page.goto("/checkout");
      await expect(s.page.locator('[data-widget="gr4vy"]')).toHaveAttribute(
        "data-widget-state",
        "open",
      );
      await pay(s);
    },
    async worked({ page }) {
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        "Thank you, your order is confirmed",
      );
    },
    faults: [
      {
        spec: { kind: "decline" },
        shown: ({ page }) =>
          expect(page.getByRole("heading", { level: 1 })).toHaveText("Your payment was declined"),
      },
    ],
  },
  {
    id: "jackpot",
    by: "user",
    recorded: (user) => user,
    async open({ page }) {
      await page.goto("/vouchers");
      await page.getByRole("button", { name: "Convert voucher" }).click();
    },
    async worked({ widgetFrame }) {
      await expect(widgetFrame("jackpot").locator("#jackpot-amount")).toHaveText("$25.00");
    },
    faults: [
      { spec: { kind: "500" }, shown: ({ page }) => expect(shopAlert(page)).toBeVisible() },
      { spec: { kind: "expire" }, shown: ({ page }) => expect(shopAlert(page)).toBeVisible() },
    ],
  },
  {
    id: "merchantApi",
    by: "user",
    recorded: (user) => `${user.toLowerCase()}@shop.example`, // as the shop spells it
    async open({ page }) {
      await page.goto("/account");
      await page.getByRole("button", { name: "Create customer profile" }).click();
    },
    async worked({ page }) {
      await expect(page.getByText(/^Profile created/)).toBeVisible();
    },
    faults: [
      // A refused login for this shopper only: the shop's session (and its
      // client's 10 s login backoff) stays the other tests'.
      {
        spec: { kind: "decline" },
        shown: ({ page }) =>
          expect(shopAlert(page)).toContainText("We could not create your profile"),
      },
      {
        spec: { kind: "500" },
        shown: ({ page }) =>
          expect(shopAlert(page)).toContainText("We could not create your profile"),
      },
    ],
  },
];

/** The verdict a fault leaves on the test's token, when it leaves one. */
const RECORDED: Partial<Record<string, { verdict: string; faults: string[] }>> = {
  "fluz 500": { verdict: "valid", faults: ["500"] },
  "fluz expire": { verdict: "expired", faults: ["expire"] },
  "impact 500": { verdict: "valid", faults: ["500"] },
  "jackpot 500": { verdict: "valid", faults: ["500"] },
  "jackpot expire": { verdict: "expired", faults: ["expire"] },
  "merchantApi decline": { verdict: "valid", faults: ["decline"] },
  "merchantApi 500": { verdict: "valid", faults: ["500"] },
};

for (const provider of PROVIDERS) {
  // Fault and clean in turn: the workers take neighbours together.
  const runs = provider.faults.flatMap((fault, i) => [
    { fault, user: `qa_iso_${provider.id}_${fault.spec.kind}_${i}` },
    { fault: null, user: `qa_iso_${provider.id}_clean_${i}` },
  ]);
  for (const { fault, user } of runs) {
    const title = fault
      ? `${provider.id}: ${fault.spec.kind} reaches this test (${user})`
      : `${provider.id}: clean alongside the faults (${user})`;
    test.describe(title, () => {
      test.use({ shopper: { id: user } });
      test(title, async ({ page, widgetTokens, widgetFrame, faults }) => {
        const step: Step = { page, widgetTokens, widgetFrame, user };
        const who = provider.by === "user" ? { user: provider.recorded(user) } : {};
        if (fault) await faults.set({ ...fault.spec, provider: provider.id, ...who });
        await provider.open(step);
        if (fault) await fault.shown(step);
        else await provider.worked(step);
        const record = await widgetTokens.record(provider.id, who);
        expect(record.user).toBe(provider.recorded(user));
        const expected = fault
          ? (RECORDED[`${provider.id} ${fault.spec.kind}`] ?? { verdict: "valid", faults: [] })
          : { verdict: "valid", faults: [] };
        expect({ verdict: record.verdict, faults: record.faults }).toEqual(expected);
      });
    });
  }
}

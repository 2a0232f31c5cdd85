import type { Page } from "@playwright/test";
import { test as base, expect } from "@widget-tokens/testing";
import { demoSandboxOptions } from "../demo/dist/app.js";
import { DEMO_SECRETS } from "../demo/dist/config.js";
import { type RunningDemo, startDemo } from "../demo/dist/start-demo.js";

/** Fresh random credentials, as the demo makes them at start-up. */
export function randomSecrets(): Record<string, string> {
  return Object.fromEntries(DEMO_SECRETS.map((s) => [s.name, s.generate()]));
}

/** Collects log lines, so a spec can check no secret or token was logged. */
export interface CapturedLog {
  lines: string[];
}

/**
 * The widget-tokens fixtures (`sandbox`, `widgetTokens`, `widgetFrame`,
 * `faults`) with the demo shop on top: one sandbox per worker, started by
 * the testing fixture with the demo's credentials and shared with the demo.
 */
export const test = base.extend<
  object,
  {
    demoSecrets: Record<string, string>;
    demo: RunningDemo & { secrets: Record<string, string>; log: CapturedLog };
  }
>({
  demoSecrets: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      await use(randomSecrets());
    },
    { scope: "worker" },
  ],
  // The worker's sandbox runs the demo's providers with the demo's secrets.
  sandboxOptions: [
    async ({ demoSecrets }, use) => {
      await use({ providers: demoSandboxOptions(demoSecrets), host: "127.0.0.1" });
    },
    { scope: "worker" },
  ],
  demo: [
    async ({ sandbox, demoSecrets: secrets }, use) => {
      if (!sandbox.local) {
        throw new Error(
          "The repository's e2e specs start their own sandbox: unset WIDGET_TOKENS_SANDBOX_URL",
        );
      }
      const log: CapturedLog = { lines: [] };
      const logger = {
        info: (m: string) => log.lines.push(m),
        warn: (m: string) => log.lines.push(m),
        error: (m: string) => log.lines.push(m),
      };
      const demo = await startDemo({ port: 0, secrets, logger, sandbox: sandbox.local });
      await use(Object.assign(demo, { secrets, log }));
      await demo.close();
    },
    { scope: "worker" },
  ],
});

/** Sign in through the shop's own form. */
export async function signIn(
  page: Page,
  demo: RunningDemo,
  user: { id: string; firstName?: string; lastName?: string },
) {
  await page.goto(`${demo.url}/sign-in`);
  await page.getByLabel("User id").fill(user.id);
  await page.getByLabel("First name").fill(user.firstName ?? "Ada");
  await page.getByLabel("Last name").fill(user.lastName ?? "Lovelace");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  // The referral widget above the Jackpot and profile forms grows when it
  // loads: wait for it to settle, so a click aims at where a button stays.
  await expect(page.locator("body")).toHaveAttribute("data-impact", /^(open|error)$/);
}

/** Save a screenshot for a person to look at (e2e/screenshots, git-ignored). */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export { expect };

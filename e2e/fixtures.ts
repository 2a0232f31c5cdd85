import { randomBytes } from "node:crypto";
import { type Page, test as base, expect } from "@playwright/test";
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

export const test = base.extend<
  object,
  { demo: RunningDemo & { secrets: Record<string, string>; log: CapturedLog } }
>({
  demo: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const secrets = randomSecrets();
      const log: CapturedLog = { lines: [] };
      const logger = {
        info: (m: string) => log.lines.push(m),
        warn: (m: string) => log.lines.push(m),
        error: (m: string) => log.lines.push(m),
      };
      const demo = await startDemo({ port: 0, secrets, logger });
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
}

/** Save a screenshot for a person to look at (e2e/screenshots, git-ignored). */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export { expect, randomBytes };

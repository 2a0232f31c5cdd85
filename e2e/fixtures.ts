import type { Page } from "@playwright/test";
import { type Store, memoryStore } from "@widget-tokens/server";
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

/** The worker's demo shop, its secrets, its log, and a way to make its store fail. */
export type TestDemo = RunningDemo & {
  secrets: Record<string, string>;
  log: CapturedLog;
  /** Run `traffic` while every call to the demo's store fails (the failure paths log). */
  storeOutage<T>(traffic: () => Promise<T>): Promise<T>;
};

/** `inner`, except that every call fails while `outage.on` is set. */
function outageStore(inner: Store, outage: { on: boolean }): Store {
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      outage.on ? Promise.reject(new Error("the test's store outage")) : call(...args);
  return {
    get: guard(inner.get.bind(inner)),
    set: guard(inner.set.bind(inner)),
    delete: guard(inner.delete.bind(inner)),
    increment: guard(inner.increment.bind(inner)),
    acquireLock: guard(inner.acquireLock.bind(inner)),
    releaseLock: guard(inner.releaseLock.bind(inner)),
    replace: guard(inner.replace.bind(inner)),
    close: () => inner.close(),
  };
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
    demo: TestDemo;
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
      const outage = { on: false };
      const store = outageStore(memoryStore(), outage);
      const demo = await startDemo({ port: 0, secrets, logger, store, sandbox: sandbox.local });
      const storeOutage = async <T>(traffic: () => Promise<T>) => {
        outage.on = true;
        try {
          return await traffic();
        } finally {
          outage.on = false;
        }
      };
      await use(Object.assign(demo, { secrets, log, storeOutage }));
      await demo.close();
      await store.close();
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

/**
 * The log lines `traffic` wrote, joined: a spec's "nothing secret reaches the
 * log" check scans what its own requests logged, never what earlier tests
 * left, and fails if they logged nothing (an empty log proves nothing).
 */
export async function linesLoggedBy(demo: TestDemo, traffic: () => Promise<void>): Promise<string> {
  const from = demo.log.lines.length;
  await traffic();
  const lines = demo.log.lines.slice(from);
  expect(lines.length, "the check's own traffic logged nothing").toBeGreaterThan(0);
  return lines.join("\n");
}

/** POST `body` as JSON from the page (its origin, its session cookie): the status and the answer. */
export function postFromPage(
  page: Page,
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return page.evaluate(
    async ({ path, body }) => {
      const res = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: await res.json() };
    },
    { path, body },
  );
}

/**
 * What the log says of one provider's mints: one that succeeds, then one
 * during a store outage (what the failure paths log). Checks the answers and
 * that neither the minted token nor any JWT is in the log; the caller checks
 * its secrets.
 */
export async function logOfMints(
  page: Page,
  demo: TestDemo,
  path: string,
  body: unknown,
): Promise<string> {
  let token = "";
  const text = await linesLoggedBy(demo, async () => {
    const minted = await postFromPage(page, path, body);
    expect(minted.status).toBe(201);
    // `token`, or Jackpot's `sessionToken`.
    token = String(minted.json.token ?? minted.json.sessionToken);
    const failed = await demo.storeOutage(() => postFromPage(page, path, body));
    // The browser learns nothing of the store's failure.
    expect(JSON.stringify(failed.json)).not.toContain("outage");
  });
  expect(token.length).toBeGreaterThan(20);
  expect(text).not.toContain(token);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  return text;
}

/** Save a screenshot for a person to look at (e2e/screenshots, git-ignored). */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export { expect };

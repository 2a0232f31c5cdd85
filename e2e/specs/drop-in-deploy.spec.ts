import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Page } from "@playwright/test";
import { expect, snapshot, test } from "../fixtures.js";
import { clickToClose } from "../helpers/close-widget.js";
import { type Running, buildDropIn, roundRobin, startShop } from "../helpers/deploy-shop.js";

/**
 * A deploy under pages that are open (issue 20, item 1): two real builds of
 * the drop-in (v1 and v2, whose chunks have other names and hashes), served
 * by real middleware instances on the sandbox, and Chromium clicking. Every
 * click must open the widget: 50 clicks in all, 0 failed opens.
 */

let v1 = "";
let v2 = "";
test.beforeAll(async () => {
  test.setTimeout(240_000);
  v1 = await buildDropIn("v1");
  v2 = await buildDropIn("v2");
});
test.afterAll(() => {
  for (const build of [v1, v2]) if (build) rmSync(dirname(build), { recursive: true, force: true });
});

/**
 * What the page asked of the drop-in, and every error an element reported
 * (each element's `widget-tokens:error`, reported on the console).
 */
async function watch(page: Page) {
  const seen = { recovered: [] as string[], errors: [] as unknown[], builds: new Set<string>() };
  page.on("request", (r) => {
    const name = /\/chunks\/([a-z\d]+)\.js$/.exec(r.url())?.[1];
    if (name) seen.recovered.push(name);
  });
  // Which build each chunk that ran came from (its first line names it).
  page.on("response", async (r) => {
    if (!/\/chunks\/[\w.]+\.js$/.test(r.url()) || r.status() !== 200) return;
    const build = /widget-tokens build (\w+)/.exec(await r.text().catch(() => ""))?.[1];
    if (build) seen.builds.add(build);
  });
  page.on("console", (m) => {
    if (m.text().startsWith("widget-tokens:error")) seen.errors.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("widget-tokens:error", (e) =>
      console.log(`widget-tokens:error ${JSON.stringify((e as CustomEvent).detail?.error?.code)}`),
    );
  });
  return seen;
}

// A deploy test starts several shops and clicks many times: two minutes each.
test.describe.configure({ timeout: 120_000 });

/** `shop(loaderPath, { port })`: a shop on the demo's sandbox serving the drop-in build at `loaderPath`. */
const deployTest = test.extend<{
  shop: (loaderPath: string, at?: { port?: number }) => Promise<Running>;
}>({
  shop: async ({ demo }, use) => {
    await use((loaderPath, at = {}) =>
      startShop({ sandboxUrl: demo.sandbox.url, secrets: demo.secrets, loaderPath, ...at }),
    );
  },
});

/** Click Deposit; the Fluz modal opens; its own Cancel closes it. */
async function openFluz(page: Page, widgetFrame: (p: "fluz") => ReturnType<Page["frameLocator"]>) {
  const deposit = page.getByRole("button", { name: "Deposit $5" });
  await deposit.click();
  await expect(deposit).toHaveAttribute("data-widget-state", "open");
  await clickToClose(page, widgetFrame("fluz").getByRole("button", { name: "Cancel" }), () =>
    expect(deposit).toHaveAttribute("data-widget-state", "idle"),
  );
}

/** The page adds a Jackpot button (as a single-page app would), which is clicked and opens. */
async function openJackpot(
  page: Page,
  widgetFrame: (p: "jackpot") => ReturnType<Page["frameLocator"]>,
) {
  const convert = page.getByRole("button", { name: "Convert a $10 voucher" });
  if ((await convert.count()) === 0) {
    await page.evaluate(() => {
      const button = document.createElement("button");
      button.dataset.widget = "jackpot";
      button.dataset.amount = "10";
      button.textContent = "Convert a $10 voucher";
      document.getElementById("buttons")!.append(button);
    });
  }
  await convert.click();
  await expect(convert).toHaveAttribute("data-widget-state", "open");
  await clickToClose(page, widgetFrame("jackpot").getByRole("button", { name: "Cancel" }), () =>
    expect(convert).toHaveAttribute("data-widget-state", "idle"),
  );
}

deployTest(
  "a page open across a restart on the next build opens every widget on the first click",
  async ({ page, shop, widgetFrame }) => {
    let instance = await shop(v1);
    const port = instance.port;
    try {
      const seen = await watch(page);
      await page.goto(instance.url);
      for (let i = 0; i < 5; i++) await openFluz(page, widgetFrame);
      // The deploy: v1 stops, v2 starts on the same port. The page stays open.
      await instance.close();
      instance = await shop(v2, { port });
      for (let i = 0; i < 5; i++) await openFluz(page, widgetFrame);
      // A widget whose chunk the page never loaded: the page asks the manifest for it
      // when it needs it, so v2's answer names v2's file, found at once (no recovery).
      await openJackpot(page, widgetFrame);
      expect(seen.recovered).toEqual([]);
      expect([...seen.builds].sort()).toEqual(["v1", "v2"]);
      expect(seen.errors).toEqual([]);
      await snapshot(page, "drop-in-deploy-restart");
    } finally {
      await instance.close();
    }
  },
);

deployTest(
  "a v1 bootstrap from the browser's cache, on a v2 server, opens every widget",
  async ({ page, shop, widgetFrame }) => {
    const old = await shop(v1);
    const cached = await (await fetch(`${old.url}/widget-tokens/loader.js`)).text();
    await old.close();
    expect(cached).toContain("widget-tokens build v1");
    const instance = await shop(v2);
    try {
      const seen = await watch(page);
      // The page runs the v1 bootstrap (a cache, a CDN, a service worker kept it).
      await page.route("**/widget-tokens/loader.js", (route) =>
        route.fulfill({ contentType: "text/javascript", body: cached }),
      );
      await page.goto(instance.url);
      for (let i = 0; i < 8; i++) await openFluz(page, widgetFrame);
      await openJackpot(page, widgetFrame);
      // It asked for the current manifest: v2's chunks, nothing to recover.
      expect(seen.recovered).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      await instance.close();
    }
  },
);

deployTest(
  "a rolling deploy: instances on v1 and v2 behind a round-robin balancer, every click opens",
  async ({ page, shop, widgetFrame }) => {
    test.setTimeout(180_000);
    const instances = [await shop(v1), await shop(v2)];
    const balancer = await roundRobin(instances.map((i) => i.port));
    try {
      const seen = await watch(page);
      // Six visits, each with a cold cache: 4 Fluz and 1 Jackpot opens each.
      for (let visit = 0; visit < 6; visit++) {
        await page.context().clearCookies();
        const client = await page.context().newCDPSession(page);
        await client.send("Network.clearBrowserCache");
        await client.detach();
        await page.goto(balancer.url);
        for (let i = 0; i < 4; i++) await openFluz(page, widgetFrame);
        await openJackpot(page, widgetFrame);
      }
      expect(seen.errors).toEqual([]);
      // The balancer did mix the builds: chunks of both ran, and pages recovered.
      expect([...seen.builds].sort()).toEqual(["v1", "v2"]);
      expect(seen.recovered.length).toBeGreaterThan(0);
      await snapshot(page, "drop-in-deploy-rolling");
    } finally {
      await balancer.close();
      for (const instance of instances) await instance.close();
    }
  },
);

import type { Page, Response } from "@playwright/test";
import { SIZE_BUDGETS } from "../../client/test/size-budgets.js";
import { expect, signIn, snapshot, test } from "../fixtures.js";
import { startShop } from "../helpers/deploy-shop.js";

/**
 * The drop-in as a shop page loads it: a bootstrap (loader.js) that asks for
 * the current manifest and fetches only the chunks of the providers the page
 * names, each checked against the manifest's integrity, and a visible,
 * accessible error state whose messages the bootstrap carries.
 */

/** `fluz` for ".../widget-tokens/chunks/fluz.8hc8yNYx.js". */
const chunkOf = (url: string) =>
  /\/widget-tokens\/chunks\/([a-z\d]+)\.[A-Za-z\d]{8}\.js$/.exec(url)?.[1];

/** Record the chunks the page requests, and their answers' cache headers. */
function recordChunks(page: Page) {
  const chunks: { name: string; cacheControl: string | undefined }[] = [];
  page.on("response", (response) => {
    const name = chunkOf(response.url());
    if (name) chunks.push({ name, cacheControl: response.headers()["cache-control"] });
  });
  return chunks;
}

/**
 * The demo's drop-in page with only its Fluz buttons: before the deferred
 * loader runs, the other elements' `data-widget` is renamed. (In the page,
 * not by rewriting the response: Chromium treats a fulfilled response as a
 * public page, and refuses it the sandbox's loopback scripts.)
 */
async function onlyFluz(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener("readystatechange", () => {
      if (document.readyState !== "interactive") return;
      for (const el of document.querySelectorAll<HTMLElement>(
        '[data-widget]:not([data-widget="fluz"])',
      )) {
        el.setAttribute("data-widget-off", el.dataset.widget ?? "");
        el.removeAttribute("data-widget");
      }
    });
  });
}

test("a page with one provider loads that provider's chunk, nothing else, within the budget", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_chunks" });
  const chunks = recordChunks(page);
  const drop: Response[] = [];
  page.on("response", (r) => {
    if (/\/widget-tokens\/(loader\.js|chunks\/)/.test(r.url())) drop.push(r);
  });
  await onlyFluz(page);
  await page.goto(`${demo.url}/drop-in`);
  const deposit = page.getByRole("button", { name: "Deposit $25" });
  await expect(deposit).toHaveAttribute("data-widget-state", "idle");
  await page.waitForLoadState("networkidle");
  expect(chunks.map((c) => c.name).sort()).toEqual(["fluz"]);
  // What Chromium received, from the demo's middleware, which serves all four providers.
  let received = 0;
  for (const response of drop) received += (await response.request().sizes()).responseBodySize;
  // loader.js and the chunk gzipped; Fluz's manifest entry alone, plain (gzip would make it bigger).
  expect(drop.map((r) => [new URL(r.url()).search, r.headers()["content-encoding"]])).toEqual([
    ["", "gzip"],
    ["?provider=fluz", undefined],
    ["", "gzip"],
  ]);
  expect(received).toBeLessThanOrEqual(SIZE_BUDGETS.dropInPageSeparate);
  for (const chunk of chunks) {
    expect(chunk.cacheControl).toBe("public, max-age=31536000, immutable");
  }
  // Each chunk was loaded with the integrity the browser checked, in CORS mode.
  const tags = await page.locator('script[src*="/widget-tokens/chunks/"]').evaluateAll((scripts) =>
    scripts.map((s) => ({
      integrity: (s as HTMLScriptElement).integrity,
      crossOrigin: (s as HTMLScriptElement).crossOrigin,
    })),
  );
  expect(tags).toHaveLength(1);
  for (const tag of tags) {
    expect(tag.integrity).toMatch(/^sha256-[A-Za-z\d+/]{43}=$/);
    expect(tag.crossOrigin).toBe("anonymous");
  }
  // And the chunk works: the button opens Fluz.
  await deposit.click();
  await expect(widgetFrame("fluz").locator("#fluz-amount")).toHaveText("$25.00");
  await expect(deposit).toHaveAttribute("data-widget-state", "open");
  // The viewport only: a full-page capture resizes the page and blanks the modal's frame.
  await page.screenshot({ path: "e2e/screenshots/drop-in-chunks-fluz-only.png" });
});

for (const [provider, button] of [
  ["fluz", "Deposit $5"],
  ["jackpot", "Convert $10"],
] as const) {
  test(`a ${provider} page whose tag asks for loader.js?providers=${provider}: one answer within the page budget, no manifest, no chunk, and the widget opens`, async ({
    page,
    demo,
    widgetFrame,
  }) => {
    const shop = await startShop({ sandboxUrl: demo.sandbox.url, secrets: demo.secrets });
    try {
      const drop: Response[] = [];
      page.on("response", (r) => {
        if (r.url().includes("/widget-tokens/") && r.request().resourceType() === "script") {
          drop.push(r);
        }
      });
      const manifests: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/chunks/")) manifests.push(r.url());
      });
      await page.goto(`${shop.url}/?providers=${provider}`);
      const open = page.getByRole("button", { name: button });
      await expect(open).toHaveAttribute("data-widget-state", "idle");
      await open.click();
      await expect(open).toHaveAttribute("data-widget-state", "open");
      if (provider === "fluz") {
        await expect(widgetFrame("fluz").locator("#fluz-amount")).toHaveText("$5.00");
      } else {
        await expect(widgetFrame("jackpot").locator("#jackpot-amount")).toHaveText("$10.00");
      }
      expect(drop.map((r) => new URL(r.url()).pathname + new URL(r.url()).search)).toEqual([
        `/widget-tokens/loader.js?providers=${provider}`,
      ]);
      expect(drop[0]!.headers()["content-encoding"]).toBe("gzip");
      expect((await drop[0]!.request().sizes()).responseBodySize).toBeLessThanOrEqual(
        SIZE_BUDGETS.dropInPage,
      );
      expect(manifests).toEqual([]);
      await page.screenshot({ path: `e2e/screenshots/drop-in-one-file-${provider}.png` });
    } finally {
      await shop.close();
    }
  });
}

test("the full drop-in page loads the chunks of the providers it names: never Gr4vy's", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_chunks_all" });
  const chunks = recordChunks(page);
  await page.goto(`${demo.url}/drop-in`);
  await expect(page.locator('[data-widget="impact"]')).toHaveAttribute(
    "data-widget-state",
    /open|loading/,
  );
  await page.waitForLoadState("networkidle");
  expect([...new Set(chunks.map((c) => c.name))].sort()).toEqual(["fluz", "impact", "jackpot"]);
  // One request per chunk, however many elements name its provider.
  expect(chunks.filter((c) => c.name === "fluz")).toHaveLength(1);
});

test("a tampered chunk is refused: it never runs, and the button says so", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_tampered" });
  await onlyFluz(page);
  let served = 0;
  // Both names of the Fluz chunk: after a failure the page asks for the manifest again and loads `fluz.js`.
  await page.route(/\/widget-tokens\/chunks\/fluz\.(?:[A-Za-z\d]{8}\.)?js$/, async (route) => {
    served++;
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()};window.__tampered=true;` });
  });
  await page.goto(`${demo.url}/drop-in`);
  const deposit = page.getByRole("button", { name: "Deposit $25" });
  await expect(deposit).toHaveAttribute("data-widget-state", "idle");
  await deposit.click();
  await expect(deposit).toHaveAttribute("data-widget-state", "error");
  const message = page.locator("button + .widget-tokens-message");
  await expect(message).toHaveText("The widget could not load. Please try again.");
  await expect(message).toHaveAttribute("aria-live", "polite");
  expect(
    await page.evaluate(() => (window as { __tampered?: boolean }).__tampered),
  ).toBeUndefined();
  // Loaded when the page named it, tried again on the click (the browser may answer that from its cache).
  expect(served).toBeGreaterThanOrEqual(1);
  await snapshot(page, "drop-in-chunks-tampered");
});

test("signed out: the button shows the error state and a message a shopper can act on", async ({
  page,
  demo,
}) => {
  await signIn(page, demo, { id: "cust_signed_out" });
  const chunks = recordChunks(page);
  await onlyFluz(page);
  await page.goto(`${demo.url}/drop-in`);
  const deposit = page.getByRole("button", { name: "Deposit $25" });
  await expect(deposit).toHaveAttribute("data-widget-state", "idle");
  // The session ends (signed out in another tab, say).
  await page.context().clearCookies();
  await deposit.click();
  await expect(deposit).toHaveAttribute("data-widget-state", "error");
  await expect(page.locator("button + .widget-tokens-message")).toHaveText(
    "Please sign in to continue.",
  );
  // The shopper messages are the bootstrap's own: no other chunk came with the failure.
  expect(chunks.map((c) => c.name).sort()).toEqual(["fluz"]);
  await snapshot(page, "drop-in-chunks-signed-out");
});

import { createSecretKey } from "node:crypto";
import type { Page, Response } from "@playwright/test";
import { install as installClock } from "@sinonjs/fake-timers";
import { SignJWT } from "jose";
import { startDemo } from "../../demo/dist/start-demo.js";
import { expect, logOfMints, randomSecrets, signIn, snapshot, test } from "../fixtures.js";

const WIDGET = "p/referral-program/w/referrerWidget";
/** The iframe squatch-js puts in the `<impact-embed>` shadow root (Playwright CSS pierces it). */
const FRAME = "#referrals impact-embed iframe#squatchFrame";
/** Where the account page renders the referral widget. */
const REFERRALS = { within: "#referrals" };

interface Minted {
  token: string;
  expiresAt: string;
}

/** Every token the page got from the endpoint, in order. */
function recordTokens(page: Page): Minted[] {
  const minted: Minted[] = [];
  page.on("response", async (res: Response) => {
    if (res.url().endsWith("/widget-tokens/impact/user-token") && res.status() === 201) {
      minted.push((await res.json()) as Minted);
    }
  });
  return minted;
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as {
    user: Record<string, string>;
    exp: number;
  };

test("the real squatch-js renders the sandbox widget for the signed-in user, with a token from the endpoint", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  const minted = recordTokens(page);
  const upsert = page.waitForRequest(
    (r) =>
      r.method() === "PUT" && r.url().includes("/impact/api/v1/") && r.url().includes("/upsert"),
  );
  await signIn(page, demo, { id: "cust_imp_1", firstName: "Grace", lastName: "Hopper" });

  const widget = widgetFrame("impact", REFERRALS);
  // Rendered by the sandbox from the verified token, not by the page.
  await expect(widget.locator("#impact-user-name")).toHaveText("Grace Hopper");
  await expect(widget.locator("#impact-user-id")).toHaveText("cust_imp_1");
  await expect(widget.locator("#impact-account-id")).toHaveText("cust_imp_1");
  await expect(widget.locator("#impact-user-email")).toHaveText("cust_imp_1@example.com");
  await expect(widget.locator("#impact-share-link")).toHaveValue(/\/impact\/r\/GRACE-[0-9A-F]{6}$/);
  await expect(page.locator("body")).toHaveAttribute("data-impact", "open");
  await expect(page.locator("#activity")).toContainText("Referral link ready");
  // impact.com's webhook (the sandbox's, server to server) confirmed the account to the shop.
  await expect(page.locator("body")).toHaveAttribute("data-impact-account", "confirmed");

  // squatch-js sent the endpoint's token, unchanged, in the header the real API reads.
  const request = await upsert;
  expect(minted).toHaveLength(1);
  expect(request.headers()["x-saasquatch-user-token"]).toBe(minted[0]!.token);
  expect(request.url()).toContain(
    `/api/v1/${demo.secrets.IMPACT_TENANT_ALIAS}/widget/account/cust_imp_1/user/cust_imp_1/upsert`,
  );
  expect(new URL(request.url()).searchParams.get("widgetType")).toBe(WIDGET);
  expect(JSON.parse(request.postData() ?? "{}")).toEqual(claimsOf(minted[0]!.token).user);
  // The impact.com stand-in verified that token.
  expect(await widgetTokens.received("impact")).toEqual(claimsOf(minted[0]!.token));
  // It is the unmodified npm build that did it.
  const version = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return res.headers.get("x-squatch-js-version");
  }, `${demo.sandbox.url}/impact/squatch.js`);
  expect(version).toBe("2.6.3");
  // The iframe grew to fit the template (squatch-js's own resize logic).
  const height = await page.locator(FRAME).evaluate((f) => (f as HTMLIFrameElement).offsetHeight);
  expect(height).toBeGreaterThan(200);
  await page.locator("#refer").scrollIntoViewIfNeeded();
  await snapshot(page, "impact-widget");
});

test("a user with a non-ASCII name shows correctly", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "zoë_李", firstName: "Zoë", lastName: "Ångström 李" });
  const widget = widgetFrame("impact", REFERRALS);
  await expect(widget.locator("#impact-user-name")).toHaveText("Zoë Ångström 李");
  await expect(widget.locator("#impact-user-id")).toHaveText("zoë_李");
  await expect(widget.locator("#impact-share-link")).toHaveValue(/\/impact\/r\/ZOE-[0-9A-F]{6}$/);
  expect(await widgetTokens.received("impact")).toMatchObject({
    user: { id: "zoë_李", firstName: "Zoë", lastName: "Ångström 李" },
  });
  await page.locator("#refer").scrollIntoViewIfNeeded();
  await snapshot(page, "impact-widget-non-ascii");
});

test("a token signed with another key is refused by the sandbox, and squatch-js shows its error widget", async ({
  page,
  demo,
  widgetTokens,
  widgetFrame,
}) => {
  // Stand in for a server that signs with the wrong key: the page gets a forged token.
  await page.route("**/widget-tokens/impact/user-token", async (route) => {
    const res = await route.fetch();
    const { token, expiresAt } = (await res.json()) as Minted;
    const forged = await new SignJWT(claimsOf(token))
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: demo.secrets.IMPACT_ACCOUNT_SID! })
      .sign(createSecretKey(Buffer.from(`${demo.secrets.IMPACT_AUTH_TOKEN}-not-it`)));
    await route.fulfill({ status: 201, json: { token: forged, expiresAt } });
  });
  const refused = page.waitForResponse(
    (r) => r.url().includes("/upsert") && r.request().method() === "PUT",
  );
  await signIn(page, demo, { id: "cust_imp_forged" });
  const res = await refused;
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ statusCode: 401, apiErrorCode: "TOKEN_INVALID" });
  await expect(widgetTokens.received("impact")).rejects.toThrow(/verdict "bad-signature"/);
  const widget = widgetFrame("impact", REFERRALS);
  await expect(widget.getByText("Our referral program is temporarily unavailable.")).toBeVisible();
  await expect(widget.locator("#impact-user-name")).toHaveCount(0);
});

test("an expired token leads to a fresh token on re-mount", async ({ page, widgetFrame }) => {
  test.setTimeout(60_000); // a demo of its own and three mounts of the real squatch-js
  // A demo whose tokens live a minute: long enough that none ages out on a loaded machine
  // before the test makes it (the clock jumps below).
  const secrets: Record<string, string> = { ...randomSecrets(), IMPACT_EXPIRES_IN: "60s" };
  // The shop, its widget-tokens and the sandbox run in this process, on a clock that
  // runs as usual until the test moves it (below); the page gets one too.
  const clock = installClock({ now: Date.now(), toFake: ["Date"], shouldAdvanceTime: true });
  const demo = await startDemo({ port: 0, secrets, logger: { info() {}, warn() {}, error() {} } });
  try {
    await page.clock.install();
    const minted = recordTokens(page);
    await signIn(page, demo, { id: "cust_imp_exp", firstName: "Katherine", lastName: "Johnson" });
    const widget = widgetFrame("impact", REFERRALS);
    await expect(widget.locator("#impact-user-name")).toHaveText("Katherine Johnson");
    expect(minted).toHaveLength(1);
    const first = minted[0]!;
    await expect(widget.locator("#impact-token-exp")).toHaveAttribute(
      "data-exp",
      String(claimsOf(first.token).exp),
    );

    // The shop's Refresh asks the server again even while the token is good
    // (a sign-out in another tab shows at once): a second token, the same shopper.
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => minted.length).toBe(2);
    const current = minted[1]!;
    await expect(widget.locator("#impact-user-name")).toHaveText("Katherine Johnson");
    await expect(widget.locator("#impact-token-exp")).toHaveAttribute(
      "data-exp",
      String(claimsOf(current.token).exp),
    );

    // Let it expire: both clocks jump past the expiry (and keep running), so no test
    // waits for the token to age.
    const expired = Date.parse(current.expiresAt) + 1200;
    clock.setSystemTime(expired);
    await page.clock.setSystemTime(expired);
    // The sandbox now refuses it, as impact.com would.
    const stale = await fetch(
      `${demo.sandbox.url}/impact/api/v1/${secrets.IMPACT_TENANT_ALIAS}/widget/account/cust_imp_exp/user/cust_imp_exp/upsert?engagementMedium=EMBED&widgetType=${encodeURIComponent(WIDGET)}`,
      {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-SaaSquatch-User-Token": current.token },
        body: JSON.stringify(claimsOf(current.token).user),
      },
    );
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ apiErrorCode: "TOKEN_EXPIRED" });

    // Refresh: a fresh token and the widget renders, not an error.
    const upsert = page.waitForRequest((r) => r.method() === "PUT" && r.url().includes("/upsert"));
    await page.getByRole("button", { name: "Refresh" }).click();
    const request = await upsert;
    await expect.poll(() => minted.length).toBe(3);
    const second = minted[2]!;
    expect(second.token).not.toBe(current.token);
    expect(claimsOf(second.token).exp).toBeGreaterThan(claimsOf(current.token).exp);
    expect(request.headers()["x-saasquatch-user-token"]).toBe(second.token);
    await expect(widget.locator("#impact-user-name")).toHaveText("Katherine Johnson");
    await expect(widget.locator("#impact-token-exp")).toHaveAttribute(
      "data-exp",
      String(claimsOf(second.token).exp),
    );
    await expect(widget.getByText("temporarily unavailable")).toHaveCount(0);
    // squatch-js was loaded once for all three mounts.
    await expect(page.locator('script[src$="/impact/squatch.js"]')).toHaveCount(1);
  } finally {
    await demo.close();
    clock.uninstall();
  }
});

test("drop-in: a data-widget=impact element is rendered by the loader alone", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_imp_drop", firstName: "Dorothy", lastName: "Vaughan" });
  // The shop's drop-in page (its own CSP); add the element and a loader configured for impact,
  // as a merchant's HTML would have them.
  await page.goto(`${demo.url}/drop-in`);
  await page.evaluate(
    ({ tenant, sandbox, widget }) => {
      document.addEventListener("widget-tokens:open", (e) => {
        document.body.dataset.opened = (e.target as HTMLElement).id;
      });
      const div = document.createElement("div");
      div.id = "refer-drop-in";
      div.dataset.widget = "impact";
      div.dataset.impactWidget = widget;
      document.querySelector("main")!.append(div);
      const script = document.createElement("script");
      script.src = "/widget-tokens/loader.js";
      script.dataset.endpoint = "/widget-tokens";
      script.dataset.impactTenantAlias = tenant;
      script.dataset.impactDomain = `${sandbox}/impact`;
      script.dataset.impactScriptUrl = `${sandbox}/impact/squatch.js`;
      document.head.append(script);
    },
    { tenant: demo.secrets.IMPACT_TENANT_ALIAS!, sandbox: demo.sandbox.url, widget: WIDGET },
  );
  const widget = widgetFrame("impact", { within: "#refer-drop-in" });
  await expect(widget.locator("#impact-user-name")).toHaveText("Dorothy Vaughan");
  await expect(page.locator("body")).toHaveAttribute("data-opened", "refer-drop-in");
  await snapshot(page, "impact-drop-in");
});

test("no secret or token reaches the log, when a mint succeeds or the store fails", async ({
  page,
  demo,
  widgetFrame,
}) => {
  await signIn(page, demo, { id: "cust_imp_log" });
  await expect(widgetFrame("impact", REFERRALS).locator("#impact-user-id")).toHaveText(
    "cust_imp_log",
  );
  const text = await logOfMints(page, demo, "/widget-tokens/impact/user-token", {});
  for (const value of Object.values(demo.secrets)) expect(text).not.toContain(value);
});

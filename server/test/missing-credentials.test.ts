import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";

const SHOP = "https://www.shop.example";
const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const body = { amount: "5.00", transactionType: "DEPOSIT" };

/**
 * A request `identify` finds no user in: a browser's cross-site request that
 * carries no cookie and no Authorization header is told so (the page must
 * send credentials in a header), any other is asked to sign in.
 */
describe("a request with no user", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ providers: { fluz }, allowedOrigins: [SHOP] });
  });
  afterAll(() => app.close());

  // No `x-test-user`: the hook finds no user.
  const crossSite = { "x-test-user": "", origin: SHOP, "sec-fetch-site": "cross-site" };
  it.each([
    ["cross-site, no cookie, no Authorization", 401, "NO_CREDENTIALS", crossSite],
    [
      "cross-site with a cookie the hook does not know",
      401,
      "UNAUTHENTICATED",
      { ...crossSite, cookie: "sid=x" },
    ],
    [
      "cross-site with an Authorization the hook refuses",
      401,
      "UNAUTHENTICATED",
      { ...crossSite, authorization: "Bearer nope" },
    ],
    [
      "same-origin, no cookie",
      401,
      "UNAUTHENTICATED",
      { "x-test-user": "", "sec-fetch-site": "same-origin" },
    ],
    [
      "same-site, no cookie",
      401,
      "UNAUTHENTICATED",
      { "x-test-user": "", origin: SHOP, "sec-fetch-site": "same-site" },
    ],
    ["not a browser", 401, "UNAUTHENTICATED", { "x-test-user": "" }],
  ])("%s: %i %s, nothing minted", async (_case, status, code, headers) => {
    const res = await app.post("/fluz/pat-token", body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe(code);
    if (code === "NO_CREDENTIALS") expect(answer.error.message).toMatch(/Authorization header/);
    expect(JSON.stringify(answer)).not.toMatch(/token"/);
  });
});

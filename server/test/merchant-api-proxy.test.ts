import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthorizeContext,
  type MerchantApiClient,
  WidgetTokensOptionError,
  createMerchantApiClient,
  widgetTokens,
} from "../src/index.js";
import { type TestApp, startTestApp } from "./helpers/http.js";
import {
  MERCHANT,
  type MerchantSandboxServer,
  rawRequest,
  startMerchantSandbox,
} from "./helpers/merchant-api.js";

const CUSTOMER = { firstName: "Grace", lastName: "Hopper", email: "grace@example.com" };
const JSON_HEADERS = { "content-type": "application/json", "x-test-user": "user-1" };

describe.each([5, 4] as const)("merchant API proxy on Express %i", (expressVersion) => {
  let s: MerchantSandboxServer;
  let client: MerchantApiClient;
  let app: TestApp;
  const routeChecks: AuthorizeContext[] = [];
  let allowRoute = true;
  let allowMerchant = true;

  beforeAll(async () => {
    s = await startMerchantSandbox();
    client = createMerchantApiClient({
      baseUrl: s.baseUrl,
      merchantId: MERCHANT.merchantId,
      email: MERCHANT.email,
      password: MERCHANT.password,
    });
    app = await startTestApp(
      {
        authorize: () => allowMerchant,
        providers: {
          merchantApi: {
            client,
            expose: [
              {
                method: "POST",
                path: "/v2/customer/create",
                authorize: (ctx: AuthorizeContext) => {
                  routeChecks.push(ctx);
                  return allowRoute;
                },
              },
            ],
          },
        },
      },
      { expressVersion },
    );
  });
  afterAll(async () => {
    await app.close();
    await client.close();
    await s.close();
  });
  beforeEach(() => {
    allowRoute = true;
    allowMerchant = true;
    s.faults.status = undefined;
    s.faults.alwaysExpired = undefined;
  });

  it("forwards an exposed call's JSON body and returns the provider's status and body", async () => {
    const before = s.sandbox.counts.customers;
    const res = await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ...CUSTOMER, status: "ACTIVE" });
    expect(body.customerId).toMatch(/^cus_[0-9a-f]{16}$/);
    expect(s.sandbox.counts.customers).toBe(before + 1);
    // The proxy's route policy saw who and what.
    expect(routeChecks.at(-1)).toMatchObject({ provider: "merchantApi", request: CUSTOMER });
    expect(routeChecks.at(-1)!.user.id).toBe("user-1");
    // Only the allow-listed path reached the provider, with the merchant's Bearer, never the browser's headers.
    const forwarded = s.seen.at(-1)!;
    expect(forwarded.url).toBe("/merchant-api/v2/customer/create");
    expect(forwarded.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(forwarded.headers["x-test-user"]).toBeUndefined();
  });

  it("passes the provider's 4xx answer through", async () => {
    const res = await app.post("/merchant-api/v2/customer/create", {
      firstName: "No",
      lastName: "Mail",
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      code: "VALIDATION_ERROR",
      message: "email is required",
      field: "email",
    });
  });

  it("turns a provider failure into a 502 without its body", async () => {
    s.faults.status = 500;
    const res = await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: Record<string, string> };
    expect(body.error).toEqual({
      code: "UPSTREAM_ERROR",
      message: "Merchant API failed with status 500",
      upstreamCode: "SANDBOX_FAULT",
    });
    expect(JSON.stringify(body)).not.toContain("/srv/app.js");
  });

  it("never answers the browser 401 for the merchant's own expired session", async () => {
    s.faults.alwaysExpired = true;
    const res = await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "UPSTREAM_REJECTED",
    );
  });

  it("goes through identify and both authorize hooks before anything is forwarded", async () => {
    const before = s.seen.length;
    const anonymous = await fetch(`${app.base}/merchant-api/v2/customer/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(CUSTOMER),
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      "UNAUTHENTICATED",
    );
    allowMerchant = false;
    const refusedByMerchant = await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    expect(refusedByMerchant.status).toBe(403);
    allowMerchant = true;
    allowRoute = false;
    const refusedByRoute = await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    expect(refusedByRoute.status).toBe(403);
    expect(((await refusedByRoute.json()) as { error: { code: string } }).error.code).toBe(
      "FORBIDDEN",
    );
    const notJson = await app.post("/merchant-api/v2/customer/create", "x", {
      "content-type": "text/plain",
    });
    expect(notJson.status).toBe(415);
    expect(s.seen.length).toBe(before);
  });

  it("answers 404 to anything not listed, path traversal in every spelling included", async () => {
    const before = s.seen.length;
    const counts = { ...s.sandbox.counts };
    const targets = [
      "/merchant-api/v2/auth/login",
      "/merchant-api/v2/auth/refresh",
      "/merchant-api/v2/customer/create/../../auth/login",
      "/merchant-api/v2/customer/create/%2e%2e/%2e%2e/auth/login",
      "/merchant-api/v2/customer/create/%2E%2E/%2E%2E/auth/login",
      "/merchant-api/v2/customer/create/.%2e/.%2e/auth/login",
      "/merchant-api/v2/customer/create%2F..%2F..%2Fauth%2Flogin",
      "/merchant-api/v2/customer/create%2f%2e%2e%2f%2e%2e%2fauth%2flogin",
      "/merchant-api/v2/customer/create/%252e%252e/%252e%252e/auth/login",
      "/merchant-api/v2/customer/create%252F..%252F..%252Fauth%252Flogin",
      "/merchant-api/v2/customer/create\\..\\..\\auth\\login",
      "/merchant-api/v2/customer/create%5c..%5c..%5cauth%5clogin",
      "/merchant-api/v2/customer/create/..;/..;/auth/login",
      "/merchant-api/v2/customer/create/",
      "/merchant-api/v2/customer/create//",
      "/merchant-api/v2/customer/create/.",
      "/merchant-api/v2/customer/create;jsessionid=1",
      "/merchant-api/v2/customer/create%00",
      "/merchant-api/v2/customer/create%20",
      "/merchant-api/V2/customer/create",
      "/merchant-api/v2/Customer/Create",
      "/MERCHANT-API/v2/customer/create",
      "/merchant-api//v2/customer/create",
      "/merchant-api/./v2/customer/create",
      "/merchant-api/v2/./customer/create",
      "/merchant-api/v2/customer/%63reate",
      "/merchant-api/v2%2Fcustomer%2Fcreate",
      "/merchant-api/v2/customer",
      "/merchant-api/",
      "/merchant-api",
      "/../widget-tokens/merchant-api/v2/auth/login",
    ];
    for (const target of targets) {
      const res = await rawRequest(app.url, `/widget-tokens${target}`, {
        headers: JSON_HEADERS,
        body: JSON.stringify(CUSTOMER),
      });
      expect({ target, status: res.status }).toEqual({ target, status: 404 });
      // Below its own segment the proxy answers; any other spelling is passed on to the app (404).
      if (target.startsWith("/merchant-api")) {
        expect(res.json).toEqual({ error: { code: "NOT_FOUND", message: "No such route" } });
      }
    }
    // Nothing reached the provider: no login, no refresh, no customer.
    expect(s.seen.length).toBe(before);
    expect(s.sandbox.counts).toEqual(counts);
  });

  it("other methods on an exposed path are not listed either (404) and nothing is forwarded", async () => {
    const before = s.seen.length;
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await rawRequest(app.url, "/widget-tokens/merchant-api/v2/customer/create", {
        method,
        headers: JSON_HEADERS,
        body: JSON.stringify(CUSTOMER),
      });
      expect(res.status).toBe(404);
    }
    expect(s.seen.length).toBe(before);
  });

  it("does not forward the query string", async () => {
    const res = await rawRequest(
      app.url,
      "/widget-tokens/merchant-api/v2/customer/create?x=/../../auth/login",
      {
        headers: JSON_HEADERS,
        body: JSON.stringify(CUSTOMER),
      },
    );
    expect(res.status).toBe(201);
    expect(s.seen.at(-1)!.url).toBe("/merchant-api/v2/customer/create");
  });

  it("keeps credentials and tokens out of every log line", async () => {
    s.faults.status = 503;
    await app.post("/merchant-api/v2/customer/create", CUSTOMER);
    const bearer = String(s.seen.at(-1)!.headers.authorization).slice(7);
    for (const line of app.log) {
      expect(line).not.toContain(MERCHANT.password);
      expect(line).not.toContain(bearer);
      expect(line).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\./);
    }
  });
});

describe("providers.merchantApi options", () => {
  const client = createMerchantApiClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k-0123456789" });
  afterAll(() => client.close());
  const build = (merchantApi: unknown) =>
    widgetTokens({
      identify: () => null,
      providers: { merchantApi: merchantApi as never },
    }).close();
  const cases: Array<[string, unknown, string]> = [
    [
      "no client",
      { expose: [{ method: "POST", path: "/v2/customer/create" }] },
      "providers.merchantApi.client",
    ],
    ["an empty allow-list", { client, expose: [] }, "providers.merchantApi.expose"],
    [
      "a bad method",
      { client, expose: [{ method: "TRACE", path: "/v2/x" }] },
      "providers.merchantApi.expose[0].method",
    ],
    [
      "a dot segment",
      { client, expose: [{ method: "POST", path: "/v2/customer/../auth/login" }] },
      "providers.merchantApi.expose[0].path",
    ],
    [
      "an encoded path",
      { client, expose: [{ method: "POST", path: "/v2/customer%2Fcreate" }] },
      "providers.merchantApi.expose[0].path",
    ],
    [
      "a trailing slash",
      { client, expose: [{ method: "POST", path: "/v2/customer/create/" }] },
      "providers.merchantApi.expose[0].path",
    ],
    [
      "a query",
      { client, expose: [{ method: "POST", path: "/v2/customer/create?a=1" }] },
      "providers.merchantApi.expose[0].path",
    ],
    [
      "the auth endpoints",
      { client, expose: [{ method: "POST", path: "/v2/auth/login" }] },
      "providers.merchantApi.expose[0].path",
    ],
    [
      "a duplicate",
      {
        client,
        expose: [
          { method: "POST", path: "/v2/a" },
          { method: "POST", path: "/v2/a" },
        ],
      },
      "providers.merchantApi.expose[1]",
    ],
    [
      "a bad authorize",
      { client, expose: [{ method: "POST", path: "/v2/a", authorize: true }] },
      "providers.merchantApi.expose[0].authorize",
    ],
  ];
  it.each(cases)("rejects %s at start-up", (_name, config, option) => {
    let err: unknown;
    try {
      build(config);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    expect((err as WidgetTokensOptionError).option).toBe(option);
  });
});

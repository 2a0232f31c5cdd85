import { afterAll, describe, expect, it } from "vitest";
import {
  WidgetTokensOptionError,
  createMerchantApiClient,
  memoryStore,
  redisStore,
  widgetTokens,
} from "../src/index.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";
import { TEST_SECRET, captureLogger } from "./helpers/http.js";

const identify = () => null;
const fluz = { apiKey: "k", apiSecret: TEST_SECRET };

function optionError(build: () => unknown): WidgetTokensOptionError {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    return err as WidgetTokensOptionError;
  }
  throw new Error("expected an option error");
}

describe("options are validated once, at construction, naming the option", () => {
  it.each([
    ["identify", () => widgetTokens({ providers: { fluz } } as never)],
    ["providers", () => widgetTokens({ identify } as never)],
    ["providers", () => widgetTokens({ identify, providers: {} })],
    [
      "providers.fluz.apiSecret",
      () => widgetTokens({ identify, providers: { fluz: { apiKey: "k" } as never } }),
    ],
    [
      "providers.fluz.apiKey",
      () => widgetTokens({ identify, providers: { fluz: { apiSecret: TEST_SECRET } as never } }),
    ],
    [
      "providers.fluz.expiresIn",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, expiresIn: "forever" } } }),
    ],
    [
      "providers.fluz.expiresIn",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, expiresIn: -1 } } }),
    ],
    [
      "providers.fluz.maxAmount",
      () =>
        widgetTokens({ identify, providers: { fluz: { ...fluz, maxAmount: "lots" as never } } }),
    ],
    [
      "providers.fluz.onIssued",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, onIssued: 1 as never } } }),
    ],
    ["providers.paypal", () => widgetTokens({ identify, providers: { paypal: {} } as never })],
    ["authorize", () => widgetTokens({ identify, authorize: true as never, providers: { fluz } })],
    [
      "allowedOrigins",
      () =>
        widgetTokens({
          identify,
          allowedOrigins: "https://a.example" as never,
          providers: { fluz },
        }),
    ],
    [
      "allowedOrigins[1]",
      () =>
        widgetTokens({
          identify,
          allowedOrigins: ["https://a.example", "https://b.example/path"],
          providers: { fluz },
        }),
    ],
    [
      "allowedOrigins[0]",
      () => widgetTokens({ identify, allowedOrigins: ["*"], providers: { fluz } }),
    ],
    ["bodyLimit", () => widgetTokens({ identify, bodyLimit: 0, providers: { fluz } })],
    [
      "rateLimit.perUser.limit",
      () =>
        widgetTokens({
          identify,
          rateLimit: { perUser: { limit: 0, windowMs: 60_000 } },
          providers: { fluz },
        }),
    ],
  ])("%s", (option, build) => {
    const err = optionError(build);
    expect(err.option).toBe(option);
    expect(err.code).toBe("ERR_INVALID_OPTION");
    expect(err.message).toContain(`"${option}"`);
  });

  it("never echoes a secret in the error", () => {
    const err = optionError(() =>
      widgetTokens({
        identify,
        providers: { fluz: { apiKey: "k", apiSecret: TEST_SECRET, expiresIn: "x" } },
      }),
    );
    expect(err.message).not.toContain(TEST_SECRET);
  });

  it("reports a short HMAC secret at start-up, without printing it", () => {
    const lines: string[] = [];
    const mw = widgetTokens({
      identify,
      logger: captureLogger(lines),
      providers: { fluz: { apiKey: "k", apiSecret: "short-secret" } },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("providers.fluz.apiSecret");
    expect(lines[0]).toContain("32 bytes");
    expect(lines[0]).not.toContain("short-secret");
    return mw.close();
  });
});

describe("a misspelled key is refused in every scope, naming the nearest known one", () => {
  const keys = p521KeyPair();
  const client = createMerchantApiClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k-0123456789" });
  afterAll(() => client.close());
  const gr4vy = {
    gr4vyId: "acme",
    privateKey: keys.privatePem,
    checkout: () => ({ amount: 1, currency: "USD" }),
  };
  const jackpot = { apiKey: "jk", apiSignature: TEST_SECRET, baseUrl: "https://j.example" };
  const impact = { accountSid: "IR1", authToken: TEST_SECRET, tenantAlias: "t" };
  const expose = [{ method: "POST" as const, path: "/v2/customer/create" }];
  // Each object literal goes through `never`: these are the mistakes the types refuse at compile time.
  const build = (options: Record<string, unknown>) => () =>
    widgetTokens({ identify, providers: { fluz }, ...options } as never);
  const providers = (p: Record<string, unknown>) => () =>
    widgetTokens({ identify, providers: p as never });

  it.each<[string, () => unknown, string]>([
    ["the core options", build({ bodylimit: 1024 }), "bodyLimit"],
    ["the core options (case)", build({ AllowedOrigins: [] }), "allowedOrigins"],
    ["providers", providers({ fluzz: fluz }), "fluz"],
    ["providers.fluz", providers({ fluz: { ...fluz, expiresin: "1h" } }), "expiresIn"],
    ["providers.impact", providers({ impact: { ...impact, acountId: () => "a" } }), "accountId"],
    ["providers.gr4vy", providers({ gr4vy: { ...gr4vy, enviroment: "sandbox" } }), "environment"],
    ["providers.jackpot", providers({ jackpot: { ...jackpot, timeoutms: 10 } }), "timeoutMs"],
    [
      "providers.jackpot.exchange",
      providers({ jackpot: { ...jackpot, exchange: { tokenfield: "t" } } }),
      "tokenField",
    ],
    [
      "providers.merchantApi",
      providers({ merchantApi: { client, expose, exposed: [] } }),
      "expose",
    ],
    [
      "providers.merchantApi.expose[0]",
      providers({ merchantApi: { client, expose: [{ ...expose[0], idempotnt: true }] } }),
      "idempotent",
    ],
    ["rateLimit", build({ rateLimit: { perUSer: false } }), "perUser"],
    ["rateLimit.perIp", build({ rateLimit: { perIp: { limit: 5, window: 1000 } } }), "windowMs"],
    [
      "redisStore",
      () => redisStore({ url: "redis://127.0.0.1:9" }, { prefx: "a:" } as never),
      "prefix",
    ],
    ["redisStore (connection)", () => redisStore({ urll: "redis://127.0.0.1:9" } as never), "url"],
    ["memoryStore", () => memoryStore({ prefx: "a:" } as never), "prefix"],
    [
      "merchantApiClient",
      () => createMerchantApiClient({ baseUrl: "http://127.0.0.1:9", apikey: "k" } as never),
      "apiKey",
    ],
  ])("%s", (scope, build, suggestion) => {
    const err = optionError(build);
    expect(err.code).toBe("ERR_INVALID_OPTION");
    const path = scope.replace(/ \(.*\)$/, "");
    if (path !== "the core options") expect(err.option.startsWith(`${path}.`)).toBe(true);
    expect(err.message).toMatch(/is not a known (option|provider); did you mean/);
    expect(err.message).toContain(`did you mean "${suggestion}"?`);
  });

  it("names the full path of a wrong type in every scope", () => {
    const cases: Array<[() => unknown, string]> = [
      [build({ loader: "yes" }), "loader"],
      [build({ rateLimit: { failOpen: 1 } }), "rateLimit.failOpen"],
      [build({ store: {} }), "store"],
      [build({ logger: { info() {} } }), "logger"],
      [providers({ jackpot: { ...jackpot, timeoutMs: "5s" } }), "providers.jackpot.timeoutMs"],
      [providers({ gr4vy: { ...gr4vy, issuer: 5 } }), "providers.gr4vy.issuer"],
      [providers({ impact: { ...impact, tenantAlias: 5 } }), "providers.impact.tenantAlias"],
      [() => redisStore({ url: 6379 } as never), "redisStore.url"],
      [
        () => redisStore({ url: "redis://127.0.0.1:9" }, { prefix: 1 } as never),
        "redisStore.prefix",
      ],
      [() => memoryStore({ sweepIntervalMs: "1m" } as never), "memoryStore.sweepIntervalMs"],
      [
        () => createMerchantApiClient({ baseUrl: "http://127.0.0.1:9", apiKey: 5 } as never),
        "merchantApiClient.apiKey",
      ],
    ];
    for (const [build, option] of cases) expect(optionError(build).option).toBe(option);
  });

  it("never puts a value in the message, whatever the mistake", () => {
    const cases: Array<() => unknown> = [
      providers({ fluz: { apiKey: "k", apiSecert: TEST_SECRET } }),
      providers({ fluz: { apiKey: "k", apiSecret: TEST_SECRET, expiresIn: TEST_SECRET } }),
      providers({ fluz: { apiKey: TEST_SECRET, apiSecret: 5 } }),
      providers({ jackpot: { ...jackpot, baseUrl: `https://u:${TEST_SECRET}@j.example` } }),
      () => redisStore({ url: `http://u:${TEST_SECRET}@h` }),
      () => redisStore({ url: "redis://127.0.0.1:9" }, { commandTimeoutMs: TEST_SECRET } as never),
      () =>
        createMerchantApiClient({ baseUrl: "http://127.0.0.1:9", apikey: TEST_SECRET } as never),
      () =>
        createMerchantApiClient({
          baseUrl: "http://127.0.0.1:9",
          merchantId: "m",
          email: TEST_SECRET,
          pasword: TEST_SECRET,
        } as never),
    ];
    for (const build of cases) {
      const err = optionError(build);
      expect(err.message).not.toContain(TEST_SECRET);
      expect(err.message).not.toContain(TEST_SECRET.slice(0, 12));
    }
  });
});

describe("options a merchant reads from the environment (issue 22, item 5)", () => {
  it.each([
    [
      "providers.fluz.apiSecret",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, apiSecret: "   " } } }),
    ],
    [
      "providers.fluz.apiKey",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, apiKey: " \t" } } }),
    ],
    ["apiKey", () => createMerchantApiClient({ baseUrl: "https://api.example", apiKey: "  " })],
  ])("a blank %s is refused as missing", (option, build) => {
    const err = optionError(build);
    expect(err.option).toContain(option);
    expect(err.message).toContain("blank");
  });

  it("rateLimit: false names the fix", () => {
    const err = optionError(() =>
      widgetTokens({ identify, providers: { fluz }, rateLimit: false as never }),
    );
    expect(err.option).toBe("rateLimit");
    expect(err.message).toContain("{ perUser: false, perIp: false }");
  });

  it('expiresIn "20" (an environment variable) is 20 seconds; "20x" is refused with the hint', async () => {
    const tokens = widgetTokens({
      identify: () => ({ id: "u1" }),
      logger: captureLogger([]),
      providers: { fluz: { ...fluz, expiresIn: "20" } },
    });
    await tokens.close();
    const err = optionError(() =>
      widgetTokens({ identify, providers: { fluz: { ...fluz, expiresIn: "20x" } } }),
    );
    expect(err.message).toContain('("20" too)');
  });
});

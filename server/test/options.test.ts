import { describe, expect, it } from "vitest";
import { WidgetTokensOptionError, widgetTokens } from "../src/index.js";
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
      () => widgetTokens({ identify, providers: { fluz: { apiKey: "k" } } }),
    ],
    [
      "providers.fluz.apiKey",
      () => widgetTokens({ identify, providers: { fluz: { apiSecret: TEST_SECRET } } }),
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
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, maxAmount: "lots" } } }),
    ],
    [
      "providers.fluz.onIssued",
      () => widgetTokens({ identify, providers: { fluz: { ...fluz, onIssued: 1 } } }),
    ],
    ["providers.paypal", () => widgetTokens({ identify, providers: { paypal: {} } })],
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

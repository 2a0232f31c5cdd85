import { describe, expect, it } from "vitest";
import { WidgetTokensOptionError } from "../src/index.js";
import { parseOptions } from "../src/options/parse-options.js";
import { TEST_SECRET } from "./helpers/http.js";

const fluz = { apiKey: "fluz-key", apiSecret: TEST_SECRET };
const identify = () => null;

/**
 * `parseOptions()` reads every option once, each part by its own reader, into
 * the one Configuration the pipeline is handed as it is.
 */
describe("parseOptions", () => {
  it("reads each part into its own setting, with the documented defaults", () => {
    const config = parseOptions({ identify, providers: { fluz } });
    expect(config.body).toEqual({ limit: 16_384, timeoutMs: 10_000 });
    expect(config.rateLimit).toEqual({
      perUser: { limit: 30, windowMs: 60_000 },
      perIp: { limit: 120, windowMs: 60_000 },
      failOpen: false,
    });
    expect(config.idempotency).toEqual({ ttlMs: 86_400_000, sealingSecrets: undefined });
    expect(config.healthTimeoutMs).toBe(1000);
    expect([...config.allowedOrigins]).toEqual([]);
    expect(config.corsAllowHeaders).toEqual([]);
    expect(config.providers.map(({ id, option }) => [id, option])).toEqual([
      ["fluz", "providers.fluz"],
    ]);
    expect(config.identify).toBe(identify);
    expect(config.store).toBeUndefined();
    expect(config.logger).toBe(console);
  });

  it("reads what the merchant set, part by part", () => {
    const now = () => 42;
    const config = parseOptions({
      identify,
      providers: { fluz },
      bodyLimit: 32_768,
      bodyTimeoutMs: 2000,
      rateLimit: { perIp: false, failOpen: true },
      idempotencyTtlMs: 60_000,
      sealingSecrets: ["s".repeat(32)],
      healthTimeoutMs: 250,
      allowedOrigins: ["https://shop.example/"],
      corsAllowHeaders: ["X-Csrf-Token"],
      now,
    });
    expect(config.body).toEqual({ limit: 32_768, timeoutMs: 2000 });
    expect(config.rateLimit.perIp).toBe(false);
    expect(config.rateLimit.failOpen).toBe(true);
    expect(config.idempotency).toEqual({ ttlMs: 60_000, sealingSecrets: ["s".repeat(32)] });
    expect(config.healthTimeoutMs).toBe(250);
    expect([...config.allowedOrigins]).toEqual(["https://shop.example"]);
    expect(config.corsAllowHeaders).toEqual(["X-Csrf-Token"]);
    expect(config.now).toBe(now);
  });

  it.each([
    [{ bodyLimit: 10 }, "bodyLimit"],
    [{ healthTimeoutMs: "1s" }, "healthTimeoutMs"],
    [{ idempotencyTtlMs: 5 }, "idempotencyTtlMs"],
    [{ sealingSecrets: ["short"] }, "sealingSecrets"],
    [{ corsAllowHeaders: "X-A" }, "corsAllowHeaders"],
    [{ rateLimit: { perUser: { limit: 0 } } }, "rateLimit.perUser.limit"],
  ])("a malformed part throws naming its option: %j", (bad, option) => {
    let error: unknown;
    try {
      parseOptions({ identify, providers: { fluz }, ...bad });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WidgetTokensOptionError);
    expect((error as WidgetTokensOptionError).option).toBe(option);
  });
});

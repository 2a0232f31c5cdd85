import { describe, expect, it } from "vitest";
import { WidgetTokensOptionError } from "../src/errors.js";
import { nearestKey } from "../src/validation/nearest-key.js";
import { type OptionKeys, readOptions } from "../src/validation/read-options.js";

interface Example {
  apiKey: string;
  apiSecret?: string;
  expiresIn?: number | string;
  maxAmount?: number;
  enabled?: boolean;
  baseUrl?: string;
  mode?: "a" | "b";
  onIssued?: (jti: string) => number;
  nested?: { limit?: number; windowMs?: number };
}

const KEYS: OptionKeys<Example> = {
  apiKey: true,
  apiSecret: true,
  expiresIn: true,
  maxAmount: true,
  enabled: true,
  baseUrl: true,
  mode: true,
  onIssued: true,
  nested: true,
};

const SECRET = "s3cr3t-value-that-must-never-be-printed";

function optionError(build: () => unknown): WidgetTokensOptionError {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(WidgetTokensOptionError);
    return err as WidgetTokensOptionError;
  }
  throw new Error("expected an option error");
}

const read = (value: unknown, scope = "providers.example") =>
  readOptions<Example>(value, scope, KEYS);

describe("nearestKey", () => {
  it.each([
    ["expiresin", "expiresIn"],
    ["EXPIRESIN", "expiresIn"],
    ["apiKye", "apiKey"],
    ["apikey", "apiKey"],
    ["api_key", "apiKey"],
    ["apiSecert", "apiSecret"],
    ["maxAmout", "maxAmount"],
    ["onIsued", "onIssued"],
  ])("%s → %s", (input, expected) => {
    expect(nearestKey(input, Object.keys(KEYS))).toBe(expected);
  });

  it("prefers a case-insensitive match to a closer edit", () => {
    expect(nearestKey("URL", ["uri", "url"])).toBe("url");
  });

  it("suggests nothing when nothing is close", () => {
    expect(nearestKey("colour", Object.keys(KEYS))).toBeUndefined();
    expect(nearestKey("x", ["fluz", "gr4vy"])).toBeUndefined();
    expect(nearestKey("", ["a"])).toBe("a");
  });

  it("allows one edit for short keys only", () => {
    expect(nearestKey("flz", ["fluz"])).toBe("fluz");
    expect(nearestKey("fz", ["fluz"])).toBeUndefined();
  });
});

describe("readOptions", () => {
  it("refuses a value that is not an object, naming the scope", () => {
    for (const value of [undefined, null, "x", 3, [], () => {}]) {
      const err = optionError(() => read(value));
      expect(err.option).toBe("providers.example");
      expect(err.message).toBe('widget-tokens: option "providers.example" must be an object');
    }
    expect(optionError(() => readOptions(5, "", {})).option).toBe("options");
  });

  it("refuses an unknown key, naming its full path and the nearest known key", () => {
    const err = optionError(() => read({ apiKey: "k", expiresin: "1h" }));
    expect(err.option).toBe("providers.example.expiresin");
    expect(err.code).toBe("ERR_INVALID_OPTION");
    expect(err.message).toBe(
      'widget-tokens: option "providers.example.expiresin" is not a known option; did you mean "expiresIn"?',
    );
  });

  it("lists the known keys when no key is near", () => {
    const err = optionError(() => read({ apiKey: "k", colour: "red" }));
    expect(err.message).toContain(
      '"providers.example.colour" is not a known option (known: apiKey,',
    );
  });

  it("names what is unknown (a provider, say)", () => {
    const err = optionError(() =>
      readOptions<{ fluz?: object }>(
        { fluzz: {} },
        "providers",
        { fluz: true },
        {
          what: "provider",
        },
      ),
    );
    expect(err.message).toBe(
      'widget-tokens: option "providers.fluzz" is not a known provider; did you mean "fluz"?',
    );
  });

  it("never echoes the value of an unknown or a malformed option", () => {
    const unknown = optionError(() => read({ apiKey: "k", apiSecert: SECRET }));
    expect(unknown.message).not.toContain(SECRET);
    for (const value of [
      { apiKey: "k", expiresIn: SECRET },
      { apiKey: "k", baseUrl: SECRET },
    ]) {
      const o = read(value);
      const err = optionError(() => {
        o.duration("expiresIn", 60);
        o.url("baseUrl");
      });
      expect(err.message).not.toContain(SECRET);
    }
  });

  it("shows a hostile key printable and short", () => {
    const err = optionError(() => read({ [`a"\n${"x".repeat(100)}`]: 1 }));
    expect(err.option).toMatch(/^providers\.example\.a\?\?x+…$/);
    expect(err.option.length).toBeLessThan(100);
  });

  it("reads only own keys", () => {
    const value = Object.create({ apiSecret: "inherited" }) as Record<string, unknown>;
    value.apiKey = "k";
    expect(read(value).value("apiSecret")).toBeUndefined();
  });

  it("at the top level, paths are the bare keys", () => {
    const o = readOptions<Example>({ apiKey: 5 }, "", KEYS);
    expect(o.path("apiKey")).toBe("apiKey");
    expect(optionError(() => o.string("apiKey")).option).toBe("apiKey");
    expect(optionError(() => readOptions({ bodylimit: 1 }, "", { bodyLimit: true })).message).toBe(
      'widget-tokens: option "bodylimit" is not a known option; did you mean "bodyLimit"?',
    );
  });

  describe("typed getters name the full path of a wrong type", () => {
    it.each<[string, Record<string, unknown>, (o: ReturnType<typeof read>) => unknown, string]>([
      [
        "a required string",
        { apiSecret: 5 },
        (o) => o.string("apiSecret"),
        "is required (a non-empty string)",
      ],
      ["an empty string", { apiKey: "" }, (o) => o.string("apiKey"), "is required"],
      ["a short string", { apiKey: "abc" }, (o) => o.string("apiKey", 8), "at least 8 characters"],
      ["a number", { maxAmount: "10" }, (o) => o.number("maxAmount", 1), "must be a number"],
      [
        "a number out of range",
        { maxAmount: 11 },
        (o) => o.number("maxAmount", 1, { max: 10 }),
        "from 0 to 10",
      ],
      [
        "an integer",
        { maxAmount: 1.5 },
        (o) => o.number("maxAmount", 1, { integer: true }),
        "must be an integer",
      ],
      ["a boolean", { enabled: "yes" }, (o) => o.boolean("enabled", true), "must be a boolean"],
      ["a function", { onIssued: 1 }, (o) => o.optionalFunction("onIssued"), "must be a function"],
      ["a required function", {}, (o) => o.function("onIssued"), "must be a function"],
      ["a duration", { expiresIn: "forever" }, (o) => o.duration("expiresIn", 60), '"15m"'],
      ["a URL", { baseUrl: "ftp://x.example" }, (o) => o.url("baseUrl"), "http(s) URL"],
      ["a required URL", {}, (o) => o.url("baseUrl"), "is required"],
      [
        "a URL with credentials",
        { baseUrl: "https://u:p@x.example" },
        (o) => o.url("baseUrl"),
        "credentials",
      ],
      ["one of", { mode: "c" }, (o) => o.oneOf("mode", ["a", "b"], "a"), 'must be "a" or "b"'],
      [
        "a nested scope",
        { nested: 3 },
        (o) => o.nested("nested", { limit: true, windowMs: true }),
        "must be an object",
      ],
    ])("%s", (_name, value, get, message) => {
      const o = read({ apiKey: "k", ...value });
      const err = optionError(() => get(o));
      expect(err.option).toMatch(/^providers\.example\.[a-zA-Z]+$/);
      expect(err.message).toContain(message);
    });
  });

  it("gives values and defaults", () => {
    const onIssued = (jti: string) => jti.length;
    const o = read({
      apiKey: "k",
      expiresIn: "15m",
      enabled: false,
      baseUrl: "https://api.example/v2",
      mode: "b",
      onIssued,
      nested: { limit: 3 },
    });
    expect(o.string("apiKey")).toBe("k");
    expect(o.optionalString("apiSecret")).toBeUndefined();
    expect(o.duration("expiresIn", 60)).toBe(900);
    expect(o.number("maxAmount", 42)).toBe(42);
    expect(o.boolean("enabled", true)).toBe(false);
    expect(o.url("baseUrl").href).toBe("https://api.example/v2");
    expect(o.oneOf("mode", ["a", "b"], "a")).toBe("b");
    const hook = o.function("onIssued");
    expect(hook("abc")).toBe(3);
    expect(o.has("apiSecret")).toBe(false);
    expect(o.has("apiKey")).toBe(true);
    const nested = o.nested("nested", {
      limit: true,
      windowMs: true,
    });
    expect(nested.scope).toBe("providers.example.nested");
    expect(nested.number("limit", 1)).toBe(3);
    expect(nested.number("windowMs", 1000)).toBe(1000);
    expect(optionError(() => o.nested("nested", { windowMs: true } as never)).message).toBe(
      'widget-tokens: option "providers.example.nested.limit" is not a known option (known: windowMs)',
    );
    // An absent nested scope reads as empty: every default applies.
    expect(
      read({ apiKey: "k" }).nested("nested", { limit: true, windowMs: true }).number("limit", 7),
    ).toBe(7);
    expect(o.fail("mode", "is wrong").option).toBe("providers.example.mode");
  });
});

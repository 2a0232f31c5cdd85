import { describe, expect, it } from "vitest";
import { createLedger } from "../src/ledger/ledger.js";
import { readLedgerOptions } from "../src/ledger/options.js";
import { silentLogger } from "../src/logger.js";
import { fluz } from "../src/providers/fluz/provider.js";
import type { ProviderEnv } from "../src/providers/provider.js";
import { memoryStore } from "../src/stores/memory.js";
import { TEST_SECRET } from "./helpers/http.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function build(config: Record<string, unknown>) {
  const store = memoryStore({ now: () => NOW });
  const env: ProviderEnv = {
    option: "providers.fluz",
    logger: silentLogger,
    store,
    ledger: createLedger(store, readLedgerOptions({}), { now: () => NOW, logger: silentLogger }),
    now: () => NOW,
    registerSecret() {},
    redactSecrets() {},
    configuredSecrets: () => [],
  };
  const route = fluz.create({ apiKey: "key-9", apiSecret: TEST_SECRET, ...config }, env).routes[0]!;
  return { route, store, ledger: env.ledger };
}

describe("Fluz claim building", () => {
  it("builds exactly the documented claims with the configured lifetime", async () => {
    const { route, store, ledger } = build({ expiresIn: "15m" });
    const user = { id: "u-7" };
    const request = route.parse({ amount: "12.34", transactionType: "DEPOSIT" }, user);
    expect(request).toEqual({ amount: 12.34, transactionType: "DEPOSIT" });
    const result = await route.handle({
      user,
      request,
      req: {} as never,
      store,
      logger: silentLogger,
      now: () => NOW,
    });
    const body = result.body as { token: string; jti: string; expiresAt: string };
    const { payload, protectedHeader } = await verifyHs256(body.token, TEST_SECRET, { now: NOW });
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    // Exactly these claims, in this order: jsonwebtoken adds and drops nothing.
    expect(Buffer.from(body.token.split(".")[1]!, "base64url").toString()).toBe(
      JSON.stringify({
        amount: 12.34,
        apiKey: "key-9",
        transactionType: "DEPOSIT",
        externalId: "u-7",
        jti: body.jti,
        iat: NOW / 1000,
        exp: NOW / 1000 + 900,
      }),
    );
    expect(payload).toEqual({
      amount: 12.34,
      apiKey: "key-9",
      transactionType: "DEPOSIT",
      externalId: "u-7",
      jti: body.jti,
      iat: NOW / 1000,
      exp: NOW / 1000 + 900,
    });
    expect(body.expiresAt).toBe(new Date(NOW + 900_000).toISOString());
    expect(result.expiresAt?.getTime()).toBe(NOW + 900_000);
    // The issued jti is recorded in the ledger: who, how much, until when.
    expect(await ledger.lookup(body.jti)).toEqual({
      key: body.jti,
      provider: "fluz",
      userId: "u-7",
      amount: 1234,
      currency: "USD",
      transactionType: "DEPOSIT",
      issuedAt: new Date(NOW).toISOString(),
      expiresAt: new Date(NOW + 900_000).toISOString(),
      status: "approved",
    });
  });

  it("keeps amounts as dollars-and-cents numbers", () => {
    const { route } = build({});
    for (const [input, value] of [
      ["0.10", 0.1],
      [19.99, 19.99],
      ["10000", 10_000],
    ] as const) {
      expect(
        (
          route.parse({ amount: input, transactionType: "WITHDRAW" }, { id: "u" }) as {
            amount: number;
          }
        ).amount,
      ).toBe(value);
    }
  });

  it("applies the configured maximum", () => {
    const { route } = build({ maxAmount: 100 });
    expect(() =>
      route.parse({ amount: "100.01", transactionType: "DEPOSIT" }, { id: "u" }),
    ).toThrow(/at most 100/);
  });
});

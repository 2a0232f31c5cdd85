import { randomUUID } from "node:crypto";
import type { Gr4vyEmbedClaim } from "@widget-tokens/shared";
import { describe, expect, it } from "vitest";
import { createLedger } from "../src/ledger/ledger.js";
import { readLedgerOptions } from "../src/ledger/options.js";
import { silentLogger } from "../src/logger.js";
import type { Gr4vyApi } from "../src/providers/gr4vy/api.js";
import { checkoutSessions } from "../src/providers/gr4vy/checkout-session.js";
import { memoryStore } from "../src/stores/memory.js";

/**
 * The checkout-session keeper alone, on a clock of its own, with Gr4vy's API
 * played by a stand-in that answers as the sandbox does (the HTTP path is
 * covered on the real sandbox in gr4vy-confirm.test.ts): when a session is
 * reused, updated, or replaced.
 */
const T0 = Date.UTC(2026, 11, 7, 3, 0, 0);
const HOUR = 3_600_000;

function setup() {
  const clock = { now: T0 };
  const calls: Array<{ method: string; path: string }> = [];
  const gone = new Set<string>();
  const api: Gr4vyApi = {
    async call(method, path) {
      calls.push({ method, path });
      const id = path.split("/")[3];
      if (method === "PUT") {
        return { status: gone.has(id ?? "") ? 404 : 200, headers: {}, json: { id } };
      }
      return {
        status: 201,
        headers: {},
        json: { id: randomUUID(), expires_at: new Date(clock.now + HOUR).toISOString() },
      };
    },
    close() {},
  };
  const store = memoryStore();
  const ledger = createLedger(store, readLedgerOptions({}), {
    now: () => clock.now,
    logger: silentLogger,
  });
  const keeper = checkoutSessions(api, ledger, () => clock.now);
  const user = { id: "u-1" };
  const embed = (amount = 1000): Gr4vyEmbedClaim => ({ amount, currency: "USD" });
  return {
    clock,
    calls,
    gone,
    ledger,
    store,
    sessionFor: (e = embed()) => keeper.sessionFor(user, e, store),
    embed,
  };
}

describe("Gr4vy checkout-session keeper", () => {
  it("reuses the session while more than two minutes of its hour are left, then makes a new one", async () => {
    const s = setup();
    const first = await s.sessionFor();
    expect(first.expiresAt.getTime()).toBe(T0 + HOUR);
    s.clock.now = T0 + HOUR - 121_000;
    expect((await s.sessionFor()).id).toBe(first.id);
    s.clock.now = T0 + HOUR - 120_000;
    const next = await s.sessionFor();
    expect(next.id).not.toBe(first.id);
    expect(s.calls.map((c) => c.method)).toEqual(["POST", "POST"]);
  });

  it("a changed cart updates the same session (its hour unchanged) and amends its ledger entry", async () => {
    const s = setup();
    const first = await s.sessionFor(s.embed(1000));
    s.clock.now = T0 + HOUR / 2;
    const updated = await s.sessionFor(s.embed(2500));
    expect(updated).toEqual(first);
    expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /checkout/sessions",
      `PUT /checkout/sessions/${first.id}`,
    ]);
    expect(await s.ledger.lookup(first.id)).toMatchObject({
      amount: 2500,
      expiresAt: new Date(T0 + HOUR).toISOString(),
    });
  });

  it("a paid session, or one Gr4vy no longer has, is replaced", async () => {
    const s = setup();
    const paid = await s.sessionFor();
    await s.ledger.settle(paid.id, { amount: 1000, reference: "tx-1" });
    const afterPaid = await s.sessionFor();
    expect(afterPaid.id).not.toBe(paid.id);
    s.gone.add(afterPaid.id);
    const afterGone = await s.sessionFor(s.embed(2000));
    expect(afterGone.id).not.toBe(afterPaid.id);
    expect((await s.ledger.lookup(afterGone.id))?.amount).toBe(2000);
  });
});

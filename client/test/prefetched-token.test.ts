import { describe, expect, it } from "vitest";
import { prefetchedToken } from "../src/adapters/prefetched-token.js";

/** A token that expires `lifeMs` after `from` (the test's clock). */
const token = (id: string, from: number, lifeMs: number) => ({
  id,
  expiresAt: new Date(from + lifeMs).toISOString(),
});

const DAY = 86_400_000;

/** Let a prefetch's answer come (its promise chain is a few microtasks long). */
async function settled() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe("prefetchedToken", () => {
  const setup = () => {
    let clock = 1_700_000_000_000;
    const tokens = prefetchedToken<ReturnType<typeof token>>(() => clock);
    let minted = 0;
    const mint =
      (lifeMs = DAY, fail = false) =>
      async () => {
        minted++;
        if (fail) throw new Error("401");
        return token(`t${minted}`, clock, lifeMs);
      };
    return {
      tokens,
      mint,
      minted: () => minted,
      tick: (ms: number) => {
        clock += ms;
      },
    };
  };

  it("hands a prefetched token to the click with the same key, once; the next click mints", async () => {
    const { tokens, mint, minted } = setup();
    tokens.prefetch("a", mint());
    tokens.prefetch("a", mint()); // hovered again: the one on its way is kept
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t1" });
    expect(minted()).toBe(1);
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t2" });
  });

  it("a click for another key mints its own, and drops the prefetched one", async () => {
    const { tokens, mint } = setup();
    tokens.prefetch("a", mint());
    expect(await tokens.take("b", mint())).toMatchObject({ id: "t2" });
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t3" });
  });

  it("never hands out a token that waited over a minute (a day's token) or a tenth of its life (a 5-minute one)", async () => {
    const { tokens, mint, tick } = setup();
    tokens.prefetch("a", mint());
    await settled();
    tick(60_000);
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t1" });
    tokens.prefetch("a", mint());
    await settled();
    tick(60_001);
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t3" });

    tokens.prefetch("b", mint(300_000));
    await settled();
    tick(30_001);
    expect(await tokens.take("b", mint())).toMatchObject({ id: "t5" });
  });

  it("a token with under 30 s of life is never used, and stops prefetching until the next click", async () => {
    const { tokens, mint, minted } = setup();
    tokens.prefetch("a", mint(20_000));
    expect(await tokens.take("a", mint(20_000))).toMatchObject({ id: "t2" });
    tokens.prefetch("a", mint(20_000));
    await settled();
    tokens.prefetch("a", mint(20_000)); // refused: too short-lived to wait for a click
    expect(minted()).toBe(3);
  });

  it("a failed prefetch stays silent, is not retried until a click, and the click asks again", async () => {
    const { tokens, mint, minted } = setup();
    tokens.prefetch("a", mint(DAY, true));
    await settled();
    tokens.prefetch("a", mint());
    tokens.prefetch("b", mint());
    expect(minted()).toBe(1);
    await expect(tokens.take("a", mint(DAY, true))).rejects.toThrow("401");
    expect(minted()).toBe(2);
    tokens.prefetch("a", mint());
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t3" });
  });

  it("a click while the prefetch is on its way takes that request, its failure too: one request, one deadline", async () => {
    const { tokens, mint, minted } = setup();
    tokens.prefetch("a", mint(DAY, true));
    await expect(tokens.take("a", mint())).rejects.toThrow("401");
    expect(minted()).toBe(1);
  });

  it("clear() forgets the prefetched token", async () => {
    const { tokens, mint } = setup();
    tokens.prefetch("a", mint());
    tokens.clear();
    expect(await tokens.take("a", mint())).toMatchObject({ id: "t2" });
  });
});

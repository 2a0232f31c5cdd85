import { describe, expect, it } from "vitest";
import { measureHeapPerToken as measure } from "./helpers/measure-memory.js";

/**
 * Bounded memory (issue 21, item 4): the heap an issued token keeps on the
 * default memory store, measured after a full GC in a process of its own
 * (helpers/memory-per-token.ts): its ledger entry, and with an
 * Idempotency-Key its replay record too. Before the compact forms (a JSON
 * object per ledger entry, the whole answer sealed per replay record, an
 * object and a boxed number per entry, strings kept as trees of parts) it
 * was about 950 B and 1 790 B; with them, before the packed entry table
 * (stores/entry-table.ts: one string per entry under a hashed slot, keys
 * packed to their bytes), 181 B and 358 B.
 */

describe("memory per issued token (memory store, after GC)", () => {
  it("keeps at most 300 B for a token: its ledger entry, one store entry", async () => {
    const { bytesPerToken, entriesPerToken } = await measure(false);
    expect(entriesPerToken).toBe(1);
    expect(bytesPerToken).toBeLessThanOrEqual(300);
  }, 300_000);

  it("keeps at most 300 B with an Idempotency-Key: its replay record included, a reference, not the answer", async () => {
    const { bytesPerToken, entriesPerToken } = await measure(true);
    expect(entriesPerToken).toBe(2);
    expect(bytesPerToken).toBeLessThanOrEqual(300);
  }, 300_000);
});

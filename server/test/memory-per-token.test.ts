import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Bounded memory (issue 21, item 4): the heap an issued token keeps on the
 * default memory store, measured after a full GC in a process of its own
 * (helpers/memory-per-token.ts): its ledger entry, and with an
 * Idempotency-Key its replay record too. Before the compact forms (a JSON
 * object per ledger entry, the whole answer sealed per replay record, an
 * object and a boxed number per entry, strings kept as trees of parts) it
 * was about 950 B and 1 790 B.
 */

const HELPER = fileURLToPath(new URL("./helpers/memory-per-token.ts", import.meta.url));

interface Measured {
  bytesPerToken: number;
  entriesPerToken: number;
}

async function measure(withKey: boolean): Promise<Measured> {
  const child = fork(HELPER, [], {
    execArgv: [
      // No optimizing compiler and no bytecode flushing: compiled code that
      // lands, or old bytecode dropped, while counting is no token's memory.
      "--no-opt",
      "--no-flush-bytecode",
      "--expose-gc",
      "--import",
      "tsx",
      "--conditions=@widget-tokens/source",
    ],
    env: { ...process.env, WITH_KEY: withKey ? "1" : "0" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [[result], [code]] = await Promise.all([once(child, "message"), once(child, "exit")]);
  expect(code).toBe(0);
  return result as Measured;
}

describe("memory per issued token (memory store, after GC)", () => {
  it("keeps at most 300 B for a token: its ledger entry, one store entry", async () => {
    const { bytesPerToken, entriesPerToken } = await measure(false);
    expect(entriesPerToken).toBe(1);
    expect(bytesPerToken).toBeLessThanOrEqual(300);
  }, 300_000);

  it("keeps at most 400 B with an Idempotency-Key: the replay record is a reference, not the answer", async () => {
    const { bytesPerToken, entriesPerToken } = await measure(true);
    expect(entriesPerToken).toBe(2);
    expect(bytesPerToken).toBeLessThanOrEqual(400);
  }, 300_000);
});

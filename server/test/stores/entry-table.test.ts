import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compactKey } from "../../src/stores/compact-key.js";
import { entryTable, expiryOf, storedValue } from "../../src/stores/entry-table.js";

/**
 * The memory store's table (entry-table.ts): one string per entry under a
 * hashed slot, keys packed (compact-key.ts). What the store contract suite
 * cannot reach: keys that share a slot, and keys that look packed.
 */

const T = Date.UTC(2026, 11, 7, 8, 0, 0, 123);
const sha = (text: string) => createHash("sha256").update(text).digest("base64url");

describe("compactKey", () => {
  it("packs a ledger key's UUID and an idempotency key's SHA-256 into their bytes", () => {
    const uuid = randomUUID();
    expect(compactKey(`jti:${uuid}`)).toBe(
      `j${Buffer.from(uuid.replaceAll("-", ""), "hex").toString("latin1")}`,
    );
    expect(compactKey(`idem:${sha("a")}`)).toBe(
      `i${Buffer.from(sha("a"), "base64url").toString("latin1")}`,
    );
    // Under another head, the head stays (and a byte count for base64url).
    expect(compactKey(`lock:${uuid}`)).toHaveLength(1 + 5 + 16);
    expect(compactKey(`x:idem:${sha("a")}`)).toHaveLength(2 + 7 + 32);
  });

  it("keeps every other key as it is, and never equal to a packed one", () => {
    expect(compactKey("rl:ip:10.0.0.1")).toBe("=rl:ip:10.0.0.1");
    expect(compactKey("lock:merchant-api:session")).toBe("=lock:merchant-api:session");
    expect(compactKey("rl:user:shopper.1@example.com")).toBe("=rl:user:shopper.1@example.com");
    // 22 base64url characters hold 132 bits: the last 4 are in no byte, so it stays raw.
    expect(compactKey("idem:AAAAAAAAAAAAAAAAAAAAAB")).toBe("=idem:AAAAAAAAAAAAAAAAAAAAAB");
    expect(compactKey("idem:AAAAAAAAAAAAAAAAAAAAAA")).toBe(`b${"\x10"}idem:${"\0".repeat(16)}`);
    expect(compactKey(`jti:${"z".repeat(36)}`)).toBe(
      `b${"\x1b"}jti:${Buffer.from("z".repeat(36), "base64url").toString("latin1")}`,
    );
    expect(compactKey("k:not base64url, not a uuid")).toBe("=k:not base64url, not a uuid");
  });

  it("never packs two different keys alike, even when the bytes hold a ':'", () => {
    // "Og" is ":" in base64url: the second key's head ends one ':' later.
    const bytes = Buffer.from(`:${"x".repeat(20)}`).toString("base64url");
    const rest = Buffer.from("x".repeat(20)).toString("base64url");
    const uuid = randomUUID();
    const keys = [
      `a:${bytes}`,
      `a::${rest}`,
      `a:${rest}`,
      `jti:${uuid}`,
      `xjti:${uuid}`,
      `idem:${sha("a")}`,
      `idem:${sha("a").slice(0, 42)}`,
    ];
    const packed = new Set(keys.map(compactKey));
    expect(packed.size).toBe(keys.length);
  });
});

describe("entryTable", () => {
  it("keeps a value exactly, with its expiry to the millisecond", () => {
    const table = entryTable();
    const values = ["", '[2,"fluz","shopper-1"]', "ünïcödé ✓ 中文", "x".repeat(70_000)];
    values.forEach((value, i) => table.put(`k:${i}`, value, T + i));
    values.forEach((value, i) => {
      const entry = table.find(`k:${i}`) as string;
      expect(storedValue(entry)).toBe(value);
      expect(expiryOf(entry)).toBe(T + i);
    });
    expect(table.size).toBe(values.length);
  });

  it("tells apart keys that share a slot: find, replace, remove, sweep", () => {
    const table = entryTable(() => 7);
    const keys = [`jti:${randomUUID()}`, `idem:${sha("a")}`, "rl:user:u1", `jti:${randomUUID()}`];
    keys.forEach((key, i) => table.put(key, `v${i}`, T + 1000 * i));
    expect(table.size).toBe(4);
    expect(keys.map((k) => storedValue(table.find(k) as string))).toEqual(["v0", "v1", "v2", "v3"]);
    expect(table.find(`jti:${randomUUID()}`)).toBeUndefined();

    table.put(keys[1] as string, "again", T + 5000);
    expect(table.size).toBe(4);
    expect(storedValue(table.find(keys[1] as string) as string)).toBe("again");

    table.remove(keys[2] as string);
    expect(table.find(keys[2] as string)).toBeUndefined();
    expect(table.size).toBe(3);

    // Expired at T + 1000: key 0 (T) and key 3 (T + 3000) stays; key 1 lives to T + 5000.
    table.sweep(T + 1000);
    expect(table.size).toBe(2);
    expect(table.find(keys[0] as string)).toBeUndefined();
    expect(storedValue(table.find(keys[3] as string) as string)).toBe("v3");

    table.sweep(T + 4000);
    expect(table.size).toBe(1);
    expect(storedValue(table.find(keys[1] as string) as string)).toBe("again");
    table.remove(keys[1] as string);
    expect(table.size).toBe(0);
    expect(table.find(keys[1] as string)).toBeUndefined();
  });

  it("refuses a key longer than its length field holds, naming the limit", () => {
    expect(() => entryTable().put("k".repeat(70_000), "v", T)).toThrow(/65 535/);
  });
});

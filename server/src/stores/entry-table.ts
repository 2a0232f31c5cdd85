import { randomBytes } from "node:crypto";
import { compactKey } from "./compact-key.js";

/**
 * The memory store's entries, in as few bytes as a JS heap allows: one
 * string per entry and one Map slot, nothing else.
 *
 * A `Map<string, string>` costs two strings per entry (16 B of header each,
 * rounded up to 8 B) besides its slot. Here the Map's key is a number, a
 * seeded 32-bit hash of the key (a small integer: no heap object at all),
 * and its value the entry: one flat string holding
 * `[expiry: 6 chars][key length: 2 chars][compact key][value]`, every
 * character of the first two fields one byte (the expiry is ms since the
 * epoch, 48 bits). Two keys of the same hash (rare: a few hundred among
 * a million) share the slot as an array, and the full key, kept in each
 * entry, tells them apart. The seed is random per store, so no client can
 * choose keys that pile up in one slot.
 *
 * An entry is read with `expiryOf` and `storedValue`.
 */
export interface EntryTable {
  /** How many entries, live or expired but not yet swept. */
  readonly size: number;
  /** The entry under `key` (expired or not), or undefined. */
  find(key: string): string | undefined;
  /** Write `value` under `key` until `expiresAt` (ms since the epoch), replacing any entry. */
  put(key: string, value: string, expiresAt: number): void;
  remove(key: string): void;
  /** Drop every entry expired at `now`. */
  sweep(now: number): void;
  clear(): void;
}

/** ms since the epoch, as 6 one-byte characters (up to the year 10 889). */
const EXPIRY_CHARS = 6;
const HEAD = EXPIRY_CHARS + 2;
const MAX_EXPIRY = 2 ** 48 - 1;
const LOW = 2 ** 24;

export const expiryOf = (entry: string): number =>
  ((entry.charCodeAt(0) << 16) | (entry.charCodeAt(1) << 8) | entry.charCodeAt(2)) * LOW +
  ((entry.charCodeAt(3) << 16) | (entry.charCodeAt(4) << 8) | entry.charCodeAt(5));

const keyLengthOf = (entry: string): number =>
  (entry.charCodeAt(EXPIRY_CHARS) << 8) | entry.charCodeAt(EXPIRY_CHARS + 1);

export const storedValue = (entry: string): string => entry.slice(HEAD + keyLengthOf(entry));

/** Whether `entry` is the one stored under the compact key `packed`. */
const holds = (entry: string, packed: string): boolean =>
  keyLengthOf(entry) === packed.length && entry.startsWith(packed, HEAD);

function pack(packed: string, value: string, expiresAt: number): string {
  if (packed.length > 0xffff)
    throw new RangeError("memory store keys are at most 65 535 characters");
  const t = Math.min(MAX_EXPIRY, Math.max(0, Math.ceil(expiresAt) || 0));
  const high = Math.floor(t / LOW);
  const low = t - high * LOW;
  return flat(
    String.fromCharCode(
      high >>> 16,
      (high >>> 8) & 0xff,
      high & 0xff,
      low >>> 16,
      (low >>> 8) & 0xff,
      low & 0xff,
      packed.length >>> 8,
      packed.length & 0xff,
    ) +
      packed +
      value,
  );
}

/**
 * A concatenated string (and what JSON.stringify returns) is a tree of
 * parts, and a slice of a longer one keeps the whole; kept as is, every part
 * stays on the heap. Reading it as a number makes V8 flatten it into one
 * sequential string, and the next GC drops the tree (the trick of the
 * `flatstr` package, one line not worth a dependency). The result goes to a
 * module variable so no compiler drops the read as dead code.
 */
let _flattened = 0;
function flat(text: string): string {
  _flattened = Number(text);
  return text;
}

/** FNV-1a over a compact key, from a random seed: a 32-bit integer. */
function seededHash(): (packed: string) => number {
  const seed = randomBytes(4).readInt32LE(0);
  return (packed) => {
    let h = seed;
    for (let i = 0; i < packed.length; i++) h = Math.imul(h ^ packed.charCodeAt(i), 0x01000193);
    return h | 0;
  };
}

/**
 * An empty table. `hashOf` is for tests (a constant one puts every key in
 * one slot).
 *
 * @example
 * const table = entryTable();
 * table.put("jti:…", "[2,…]", Date.now() + 60_000);
 * const entry = table.find("jti:…"); // storedValue(entry) === "[2,…]"
 */
export function entryTable(hashOf: (packed: string) => number = seededHash()): EntryTable {
  const slots = new Map<number, string | string[]>();
  let size = 0;

  return {
    get size() {
      return size;
    },
    find(key) {
      const packed = compactKey(key);
      const slot = slots.get(hashOf(packed));
      if (slot === undefined) return undefined;
      if (typeof slot === "string") return holds(slot, packed) ? slot : undefined;
      return slot.find((entry) => holds(entry, packed));
    },
    put(key, value, expiresAt) {
      const packed = compactKey(key);
      const hash = hashOf(packed);
      const entry = pack(packed, value, expiresAt);
      const slot = slots.get(hash);
      if (slot === undefined) {
        slots.set(hash, entry);
        size++;
      } else if (typeof slot === "string") {
        if (holds(slot, packed)) slots.set(hash, entry);
        else {
          slots.set(hash, [slot, entry]);
          size++;
        }
      } else {
        const at = slot.findIndex((e) => holds(e, packed));
        if (at >= 0) slot[at] = entry;
        else {
          slot.push(entry);
          size++;
        }
      }
    },
    remove(key) {
      const packed = compactKey(key);
      const hash = hashOf(packed);
      const slot = slots.get(hash);
      if (slot === undefined) return;
      if (typeof slot === "string") {
        if (holds(slot, packed)) {
          slots.delete(hash);
          size--;
        }
        return;
      }
      const rest = slot.filter((e) => !holds(e, packed));
      if (rest.length === slot.length) return;
      size--;
      slots.set(hash, rest.length === 1 ? (rest[0] as string) : rest);
    },
    sweep(now) {
      for (const [hash, slot] of slots) {
        if (typeof slot === "string") {
          if (expiryOf(slot) <= now) {
            slots.delete(hash);
            size--;
          }
          continue;
        }
        const live = slot.filter((e) => expiryOf(e) > now);
        size -= slot.length - live.length;
        if (live.length === 0) slots.delete(hash);
        else if (live.length === 1) slots.set(hash, live[0] as string);
        else if (live.length < slot.length) slots.set(hash, live);
      }
    },
    clear() {
      slots.clear();
      size = 0;
    },
  };
}

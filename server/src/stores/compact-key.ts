/**
 * A store key in fewer characters, for the memory store's table: the same
 * key always packs the same way and two different keys never pack alike, so
 * the packed form can stand for the key (it is never read back).
 *
 * The part after the last ":" is what widget-tokens' busy keys end with: a
 * `jti:` ledger entry's UUID (36 characters, 16 bytes) and an `idem:`
 * record's SHA-256 in base64url (43 characters, 32 bytes). Those bytes are
 * kept as one Latin-1 character each (a V8 one-byte string stores any
 * character up to U+00FF in one byte). The first character says which form
 * follows, so a packed key and a raw one can never be equal: "j" the 16
 * bytes of a `jti:<uuid>` key, "i" the 32 of an `idem:<sha-256>` one (their
 * heads implied: one character for four or five, on millions of entries),
 * "u" a UUID (16 characters at the end), "b" base64url (its byte count next,
 * then the bytes at the end), "=" the key as it is. With the number of bytes
 * known, what comes before them is the key's head exactly: two keys never
 * pack alike, whatever bytes ":" the encoded part holds.
 *
 * @example
 * compactKey("jti:3f0c…"); // "j" and 16 characters: 17 instead of 40
 * compactKey("rl:ip:10.0.0.1"); // "=rl:ip:10.0.0.1"
 */
export function compactKey(key: string): string {
  const at = key.lastIndexOf(":") + 1;
  const tail = key.length - at;
  if (tail === 36) {
    const bytes = uuidBytes(key, at);
    if (bytes !== undefined) {
      return at === 4 && key.startsWith("jti:") ? `j${bytes}` : `u${key.slice(0, at)}${bytes}`;
    }
  }
  if (tail >= MIN_BASE64URL && tail <= MAX_BASE64URL) {
    const bytes = base64urlBytes(key, at);
    if (bytes !== undefined) {
      if (bytes.length === 32 && at === 5 && key.startsWith("idem:")) return `i${bytes}`;
      return `b${String.fromCharCode(bytes.length)}${key.slice(0, at)}${bytes}`;
    }
  }
  return `=${key}`;
}

/** Shorter tails are not worth it (and most short tails are words, not encoded bytes). */
const MIN_BASE64URL = 16;
/** 255 bytes at the most: their count is one character. */
const MAX_BASE64URL = 340;

/** Each character's value: 0 to 63 in base64url, 0 to 15 in hex, -1 elsewhere. */
const BASE64URL = new Int8Array(128).fill(-1);
const HEX = new Int8Array(128).fill(-1);
for (const [i, c] of [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
].entries()) {
  BASE64URL[c.charCodeAt(0)] = i;
}
for (const [i, c] of [..."0123456789abcdef"].entries()) HEX[c.charCodeAt(0)] = i;

/** Where the bytes of one key are decoded (one call at a time: nothing awaits in between). */
const scratch = Buffer.alloc(255);

const valueIn = (table: Int8Array, code: number): number =>
  code < 128 ? (table[code] as number) : -1;

/**
 * The 16 bytes of a canonical (lowercase) UUID at `at`, what `randomUUID()`
 * returns, as one character each; undefined for any other text (other
 * spellings are base64url to `base64urlBytes`).
 */
function uuidBytes(key: string, at: number): string | undefined {
  let n = 0;
  for (let i = at; i < key.length; i += 2) {
    const offset = i - at;
    if (offset === 8 || offset === 13 || offset === 18 || offset === 23) {
      if (key.charCodeAt(i) !== 0x2d) return undefined;
      i--;
      continue;
    }
    const high = valueIn(HEX, key.charCodeAt(i));
    const low = valueIn(HEX, key.charCodeAt(i + 1));
    if (high < 0 || low < 0) return undefined;
    scratch[n++] = (high << 4) | low;
  }
  return scratch.toString("latin1", 0, n);
}

/**
 * The bytes the base64url text at `at` encodes, one character each; undefined
 * when it is not base64url, or when its last character carries bits no byte
 * holds (the bytes would not give back these very characters).
 */
function base64urlBytes(key: string, at: number): string | undefined {
  let n = 0;
  let bits = 0;
  let held = 0;
  for (let i = at; i < key.length; i++) {
    const v = valueIn(BASE64URL, key.charCodeAt(i));
    if (v < 0) return undefined;
    bits = (bits << 6) | v;
    held += 6;
    if (held >= 8) {
      held -= 8;
      scratch[n++] = (bits >>> held) & 0xff;
      bits &= (1 << held) - 1;
    }
  }
  // Left over: 0 bits (4 characters a 3 bytes), or 2 or 4 that must be zero; 6 is a lone character.
  if (held === 6 || bits !== 0) return undefined;
  return scratch.toString("latin1", 0, n);
}

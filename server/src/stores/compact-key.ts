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
  if (tail === 36 && UUID.test(key.slice(at))) {
    const bytes = Buffer.from(key.slice(at).replaceAll("-", ""), "hex").toString("latin1");
    return at === 4 && key.startsWith("jti:") ? `j${bytes}` : `u${key.slice(0, at)}${bytes}`;
  }
  if (tail >= MIN_BASE64URL && BASE64URL.test(key.slice(at))) {
    const bytes = Buffer.from(key.slice(at), "base64url");
    // Only when the bytes give back these very characters (a tail whose last
    // character carries bits no byte holds would lose them).
    if (bytes.length <= 0xff && bytes.toString("base64url") === key.slice(at)) {
      if (bytes.length === 32 && at === 5 && key.startsWith("idem:")) {
        return `i${bytes.toString("latin1")}`;
      }
      return `b${String.fromCharCode(bytes.length)}${key.slice(0, at)}${bytes.toString("latin1")}`;
    }
  }
  return `=${key}`;
}

/** A canonical (lowercase) UUID, what `randomUUID()` returns (other spellings are base64url to this test). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Shorter tails are not worth it (and most short tails are words, not encoded bytes). */
const MIN_BASE64URL = 16;

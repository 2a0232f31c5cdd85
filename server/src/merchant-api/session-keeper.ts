import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";
import { MerchantApiAuthError } from "./errors.js";
import type { MerchantApiSession, SessionSealer } from "./session.js";

export interface SessionKeeperOptions {
  store: Store;
  /** Store key of the sealed session. */
  sessionKey: string;
  /** Store key of the renewal lock. */
  lockKey: string;
  sealer: SessionSealer;
  /** Renew this long before the access token expires. */
  refreshMarginMs: number;
  /** The lock's expiry: longer than a refresh plus a login can take. */
  lockTtlMs: number;
  /** How long a waiter polls for another instance's renewal before giving up. */
  waitMs: number;
  /** Obtain a new session (refresh `current`'s, or log in). Called with the lock held. */
  obtain(current: MerchantApiSession | undefined): Promise<MerchantApiSession>;
  logger: Logger;
  now: () => number;
}

export interface SessionKeeper {
  /**
   * A session whose access token is valid for more than the margin: the one
   * this process holds while it is fresh (no store operation), else the
   * store's, else a renewal.
   */
  current(): Promise<MerchantApiSession>;
  /**
   * A session other than `rejected` (whose access token the provider just
   * refused as expired): the one another request or instance already renewed
   * (`renewed: false`: found in the store, possibly refused as well when this
   * process's warm copy was behind it), or a new one (`renewed: true`).
   */
  replace(rejected: MerchantApiSession): Promise<{ session: MerchantApiSession; renewed: boolean }>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Keeps one provider session shared by every instance that uses `store`.
 *
 * Single flight, twice over: in this process concurrent callers share one
 * renewal promise; across processes the renewal runs under a store lock with
 * an expiry, and the other instances poll the store (short, growing backoff,
 * bounded by `waitMs`) until the holder has written the renewed session.
 * After taking the lock the holder reads the store again, so a renewal that
 * another instance finished meanwhile is used, not repeated.
 */
export function createSessionKeeper(o: SessionKeeperOptions): SessionKeeper {
  // The last sealed value seen and what it opened to: while its access token
  // is fresh, `current()` answers from it; a read of the store that finds the
  // same sealed value skips decryption.
  let cache: { sealed: string; session: MerchantApiSession } | undefined;
  let inflight: Promise<MerchantApiSession> | undefined;

  // The margin never exceeds half the token's life: a provider that issues
  // tokens shorter than the margin must not cause a renewal per request.
  const fresh = (s: MerchantApiSession | undefined): s is MerchantApiSession =>
    s !== undefined &&
    s.accessExpiresAt - Math.min(o.refreshMarginMs, (s.accessExpiresAt - s.obtainedAt) / 2) >
      o.now();

  async function read(): Promise<MerchantApiSession | undefined> {
    const sealed = await o.store.get(o.sessionKey);
    if (sealed === null) return undefined;
    if (cache?.sealed === sealed) return cache.session;
    const session = o.sealer.open(sealed);
    if (session !== undefined) cache = { sealed, session };
    return session;
  }

  async function write(session: MerchantApiSession): Promise<void> {
    const sealed = o.sealer.seal(session);
    const ttl = Math.max(1000, session.refreshExpiresAt - o.now());
    await o.store.set(o.sessionKey, sealed, ttl);
    cache = { sealed, session };
  }

  /** A usable session that is not `rejected`, if the store has one. */
  const usable = (s: MerchantApiSession | undefined, rejected?: MerchantApiSession) =>
    fresh(s) && (rejected === undefined || s.accessToken !== rejected.accessToken);

  async function renewAcrossInstances(rejected?: MerchantApiSession): Promise<MerchantApiSession> {
    const deadline = o.now() + o.waitMs;
    let backoff = 10;
    for (;;) {
      const lock = await o.store.acquireLock(o.lockKey, o.lockTtlMs);
      if (lock !== null) {
        try {
          const current = await read();
          if (usable(current, rejected)) return current as MerchantApiSession;
          const renewed = await o.obtain(current);
          await write(renewed);
          return renewed;
        } finally {
          await o.store.releaseLock(o.lockKey, lock).catch(() => {});
        }
      }
      // Another instance is renewing: wait for its result in the store.
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 200);
      const current = await read();
      if (usable(current, rejected)) return current as MerchantApiSession;
      if (o.now() > deadline) {
        o.logger.warn("merchant-api: gave up waiting for another instance's session renewal");
        throw new MerchantApiAuthError(
          "RENEWAL_TIMEOUT",
          "Merchant API session renewal did not finish in time",
        );
      }
    }
  }

  function shared(rejected?: MerchantApiSession): Promise<MerchantApiSession> {
    if (inflight === undefined) {
      inflight = renewAcrossInstances(rejected).finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  return {
    current() {
      // Warm: the session this process last read or wrote is still fresh, so
      // the store is not asked (no round trip, no unsealing) on every call.
      // Another instance's renewal is picked up once this one is due, or when
      // the provider refuses the token (`replace` reads the store).
      const known = cache?.session;
      if (fresh(known)) return Promise.resolve(known);
      return read().then((s) => (fresh(s) ? s : shared()));
    },
    async replace(rejected) {
      const s = await read();
      if (usable(s, rejected)) return { session: s as MerchantApiSession, renewed: false };
      // Join a renewal under way; if it produced the very token that was
      // refused (it started before the refusal), renew once more.
      const renewed = await shared(rejected);
      if (renewed.accessToken !== rejected.accessToken) return { session: renewed, renewed: true };
      return { session: await shared(rejected), renewed: true };
    },
  };
}

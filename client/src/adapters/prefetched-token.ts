/**
 * How long a prefetched token may wait for its click: at most a minute, and
 * at most a tenth of its life (a 5-minute token, 30 s).
 */
const MAX_WAIT_MS = 60_000;
/** The least life a prefetched token must still have when a widget gets it. */
const MIN_LIFE_MS = 30_000;

/** One token fetched before the click (`prefetch`) and handed to one open (`take`). */
export interface PrefetchedToken<T extends { expiresAt: string }> {
  /**
   * Fetch the token for `key` now, unless one for `key` is on its way or
   * still fresh. A failure stays silent (the click asks again and shows its
   * own answer) and stops prefetching until the next `take`: a signed-out
   * page asks once, and mints nothing. So does a token already too
   * short-lived to be used.
   */
  prefetch(key: string, fetch: () => Promise<T>): void;
  /**
   * The token prefetched for `key` if it is still fresh (on its way counts:
   * the click takes that request, its answer or its failure, instead of a
   * second one), else `fetch()`. A token is taken once: whatever was held
   * is dropped.
   */
  take(key: string, fetch: () => Promise<T>): Promise<T>;
  /** Forget what is held (`destroy()`). */
  clear(): void;
}

interface Held<T> {
  key: string;
  /** The request: its token, or its failure. */
  token: Promise<T>;
  /** When it answered (the client's clock), once it has. */
  at?: number;
  value?: T;
}

/**
 * One prefetched token per adapter, used once and never past its life: it
 * is handed to a click only within `min(60 s, a tenth of its life)` of coming
 * and with at least 30 s of life left, both on the browser's own clock (its
 * life is `expiresAt` less the time it came, so a skewed clock only ever
 * shortens the wait). Otherwise the click fetches a new one, and the unused
 * token's ledger entry simply expires. A click while the request is on its
 * way takes that request, answer or failure (its deadline began at the
 * hover): one request, one deadline, for one click.
 *
 * @example
 * const tokens = prefetchedToken<FluzTokenResponse>();
 * button.onpointerover = () => tokens.prefetch(key, () => api.post("fluz", body));
 * const token = await tokens.take(key, () => api.post("fluz", body, { signal }));
 */
export function prefetchedToken<T extends { expiresAt: string }>(
  now: () => number = Date.now,
): PrefetchedToken<T> {
  let held: Held<T> | undefined;
  let refused = false;
  /** On its way, or answered in time with enough life left. */
  const fresh = ({ at, value }: Held<T>) => {
    if (at === undefined || !value) return at === undefined;
    const expires = Date.parse(value.expiresAt);
    return (
      now() - at <= Math.min(MAX_WAIT_MS, (expires - at) / 10) && expires - now() >= MIN_LIFE_MS
    );
  };
  return {
    prefetch(key, fetch) {
      if (refused || (held?.key === key && fresh(held))) return;
      const next: Held<T> = { key, token: fetch() };
      next.token.then(
        (value) => {
          next.at = now();
          next.value = value;
          // Too short-lived to wait for a click (say, `expiresIn` under a minute): stop asking.
          if (held === next) refused = !fresh(next);
        },
        () => {
          next.at = now();
          if (held === next) refused = true;
        },
      );
      held = next;
    },
    async take(key, fetch) {
      const mine = held?.key === key ? held : undefined;
      held = undefined;
      refused = false;
      if (mine && fresh(mine)) {
        const token = await mine.token;
        if (fresh(mine)) return token;
      }
      return fetch();
    },
    clear() {
      held = undefined;
    },
  };
}

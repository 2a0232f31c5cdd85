import type { Faults } from "../faults/fault-registry.js";
import type { FaultRule } from "../faults/fault-spec.js";
import { type ResetFilter, named } from "../reset-filter.js";

/** How long a decline waits for the client's renewal, which follows at once (its refresh, then its login). */
const MARK_MS = 10_000;

/** The most token pairs remembered (access → refresh), newest kept. */
const MAX_PAIRS = 500;

interface Mark {
  rule: FaultRule;
  user: string;
  until: number;
  /** The call used the switch's last `times`: the marks outlive it (until `until`). */
  spentOut: boolean;
}

/**
 * A `decline` for one customer, on a session every customer shares. The
 * merchant's server holds one session for all its shoppers, so a login
 * refused for one test would be refused for all. Instead the stand-in
 * walks the client down the path of a refused login for that customer's
 * call only:
 *
 * 1. the customer's call is refused as the provider refuses a revoked
 *    session (401 `TokenExpiredError`), which makes the client renew;
 * 2. the refresh of that call's token pair is refused (401
 *    `REFRESH_TOKEN_EXPIRED`), which makes it log in;
 * 3. that login is refused (401 `INVALID_CREDENTIALS`): the client reports
 *    a refused login, and backs off from logging in again.
 *
 * The session the client already holds is never revoked, so the other
 * customers' calls go on with it: none of them needs a login, and the
 * client's login backoff reaches none of them. `times` counts declined
 * calls; a switch switched off (its test ended) stops its marks at once,
 * and every mark lapses 10 s after the call that made it.
 */
export interface SessionDeclines {
  /** Remember that `access` and `refresh` (jti) were issued together. */
  pair(access: string, refresh: string): void;
  /** Step 1: `rule` declines `user`'s call made with the access token `accessJti` (spends it). */
  begin(rule: FaultRule, user: string, accessJti: string | undefined): void;
  /** Step 2: whether to refuse this refresh token (it arms step 3). */
  refuseRefresh(refreshJti: string): boolean;
  /** Step 3: whether to refuse this login. */
  refuseLogin(): boolean;
  /** Forget the marks of `filter`'s user (all without one); how many. */
  reset(filter: ResetFilter): number;
}

/**
 * @example
 * const declines = createSessionDeclines(() => hooks.faults);
 */
export function createSessionDeclines(faults: () => Faults, now = Date.now): SessionDeclines {
  const pairs = new Map<string, string>();
  const refreshes = new Map<string, Mark>();
  const logins: Mark[] = [];
  const live = (mark: Mark) =>
    mark.until > now() &&
    (mark.spentOut ||
      faults()
        .list({ provider: "merchantApi" })
        .some((r) => r.id === mark.rule.id));

  return {
    pair(access, refresh) {
      pairs.set(access, refresh);
      if (pairs.size > MAX_PAIRS) pairs.delete(pairs.keys().next().value as string);
    },
    begin(rule, user, accessJti) {
      const spentOut = rule.remaining === 1;
      faults().spend(rule);
      const refresh = accessJti === undefined ? undefined : pairs.get(accessJti);
      if (refresh !== undefined) {
        refreshes.set(refresh, { rule, user, until: now() + MARK_MS, spentOut });
      }
    },
    refuseRefresh(refreshJti) {
      const mark = refreshes.get(refreshJti);
      if (mark === undefined) return false;
      refreshes.delete(refreshJti);
      if (!live(mark)) return false;
      logins.push({ ...mark, until: now() + MARK_MS });
      return true;
    },
    refuseLogin() {
      while (logins.length > 0) {
        if (live(logins.shift() as Mark)) return true;
      }
      return false;
    },
    reset(filter) {
      let forgotten = 0;
      for (const [jti, mark] of refreshes) {
        if (named(filter, mark.user, mark.rule.scope)) {
          refreshes.delete(jti);
          forgotten++;
        }
      }
      for (let i = logins.length - 1; i >= 0; i--) {
        const mark = logins[i] as Mark;
        if (named(filter, mark.user, mark.rule.scope)) {
          logins.splice(i, 1);
          forgotten++;
        }
      }
      return forgotten;
    },
  };
}

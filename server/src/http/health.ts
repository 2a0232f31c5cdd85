import type { Store } from "../stores/store.js";

/** One dependency's state. */
export type HealthState = "ok" | "down";

/** What `middleware.health()` answers. */
export interface HealthReport {
  /** The store answered a cheap read within the timeout. */
  store: HealthState;
  /**
   * One entry per configured provider: a provider with an upstream (Jackpot,
   * the merchant API) is "ok" when its base URL answers at all, whatever the
   * HTTP status; one that only signs locally is always "ok".
   */
  providers: Record<string, HealthState>;
  /** `close()` was called: the instance takes no new token requests. */
  draining: boolean;
}

/** A reachability check: resolves true when the dependency answered. */
export type HealthCheck = (timeoutMs: number) => Promise<boolean>;

/** The key the store check reads: never written, so the read is one cheap round trip. */
const HEALTH_KEY = "widget-tokens:health";

/**
 * Run every check at once, each bounded by `timeoutMs`: a check that
 * rejects, throws or does not settle in time is "down". Never rejects.
 *
 * @example
 * const report = await checkHealth({ store, providers: { jackpot: (t) => ping(t) }, timeoutMs: 1000, draining: false });
 */
export async function checkHealth(o: {
  store: Store;
  providers: ReadonlyMap<string, HealthCheck | undefined>;
  timeoutMs: number;
  draining: boolean;
}): Promise<HealthReport> {
  const storeCheck = bounded(async () => {
    await o.store.get(HEALTH_KEY);
    return true;
  }, o.timeoutMs);
  const entries = [...o.providers].map(
    async ([id, check]) =>
      [id, check ? await bounded(() => check(o.timeoutMs), o.timeoutMs) : "ok"] as const,
  );
  const [store, providers] = await Promise.all([storeCheck, Promise.all(entries)]);
  return { store, providers: Object.fromEntries(providers), draining: o.draining };
}

/** "ok" when `check` resolves true within `timeoutMs`; "down" otherwise. */
function bounded(check: () => Promise<boolean>, timeoutMs: number): Promise<HealthState> {
  return new Promise<HealthState>((resolve) => {
    const timer = setTimeout(() => resolve("down"), timeoutMs);
    timer.unref?.();
    let attempt: Promise<boolean>;
    try {
      attempt = check();
    } catch {
      attempt = Promise.resolve(false);
    }
    attempt.then(
      (ok) => {
        clearTimeout(timer);
        resolve(ok ? "ok" : "down");
      },
      () => {
        clearTimeout(timer);
        resolve("down");
      },
    );
  });
}

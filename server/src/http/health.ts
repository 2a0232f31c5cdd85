import type { Store } from "../stores/store.js";

/**
 * One dependency's last known state: "ok", "down", or "unknown" (a provider
 * API no request has called yet, a store not checked yet).
 */
export type HealthState = "ok" | "down" | "unknown";

/** What `middleware.health()` answers. */
export interface HealthReport {
  /**
   * Readiness: whether this instance should get traffic. Only what the
   * instance alone can fix counts: false once it drains (`shutdown()` or
   * `close()`). A dependency that is down never makes it false: every
   * instance shares it, and the shop's own pages must stay in rotation.
   */
  ready: boolean;
  /** `shutdown()` or `close()` was called: the instance takes no new token requests. */
  draining: boolean;
  /**
   * The store, checked at most once per `STORE_CHECK_EVERY_MS` (a request
   * that finds it unavailable marks it "down" at once). Redis Cluster: every
   * master answers and `CLUSTER INFO` says `cluster_state:ok`.
   */
  store: HealthState;
  /**
   * One entry per configured provider. A provider that signs locally (Fluz,
   * impact.com, Gr4vy) is always "ok". One with an upstream (Jackpot, the
   * merchant API) reports how its last call for a request went: "down" when
   * it timed out, could not be reached or answered 5xx. No request is ever
   * sent to a provider for a health check.
   */
  providers: Record<string, HealthState>;
}

/** How long a store check is reused (ms): a probe every second costs one check per 5 s. */
const STORE_CHECK_EVERY_MS = 5000;

/** The key the default store check reads: never written, so the read is one cheap round trip. */
const HEALTH_KEY = "widget-tokens:health";

/** Dependency state, fed by the requests themselves and by a cached store check. */
export interface Health {
  /** An upstream call made for a request: `ok` false when it timed out, failed or answered 5xx. */
  upstream(provider: string, ok: boolean): void;
  /** A request found the store unavailable. */
  storeFailed(): void;
  /** The report, the store checked first when its last check is stale. Never rejects. */
  report(): Promise<HealthReport>;
  /** The report as last known, at once; a stale store check starts in the background. */
  snapshot(): HealthReport;
}

/**
 * @example
 * const health = createHealth({ store, providers: [{ id: "jackpot", upstream: true }], timeoutMs: 1000, now: Date.now, draining: () => false });
 * await health.report(); // { ready: true, draining: false, store: "ok", providers: { jackpot: "unknown" } }
 */
export function createHealth(o: {
  store: Store;
  providers: ReadonlyArray<{ id: string; upstream: boolean }>;
  timeoutMs: number;
  now: () => number;
  draining: () => boolean;
}): Health {
  const providers = new Map<string, HealthState>(
    o.providers.map(({ id, upstream }) => [id, upstream ? "unknown" : "ok"]),
  );
  let store: HealthState = "unknown";
  let checkedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    if (o.now() - checkedAt < STORE_CHECK_EVERY_MS) return Promise.resolve();
    checking ??= bounded(() => checkStore(o.store, o.timeoutMs), o.timeoutMs).then((state) => {
      store = state;
      checkedAt = o.now();
      checking = undefined;
    });
    return checking;
  };
  const snapshot = (): HealthReport => {
    const draining = o.draining();
    return { ready: !draining, draining, store, providers: Object.fromEntries(providers) };
  };
  return {
    upstream(provider, ok) {
      if (providers.has(provider)) providers.set(provider, ok ? "ok" : "down");
    },
    storeFailed() {
      store = "down";
      checkedAt = o.now();
    },
    async report() {
      await refresh();
      return snapshot();
    },
    snapshot() {
      void refresh();
      return snapshot();
    },
  };
}

async function checkStore(store: Store, timeoutMs: number): Promise<boolean> {
  if (store.health) return store.health(timeoutMs);
  await store.get(HEALTH_KEY);
  return true;
}

/** "ok" when `check` resolves true within `timeoutMs`; "down" otherwise. Never rejects. */
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

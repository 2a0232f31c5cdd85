import type { SandboxProviderId } from "../provider-ids.js";
import { EXPIRE_DEFAULT_MS, type FaultRule, type FaultSpec, parseFaultSpec } from "./fault-spec.js";
import { filtered, newSwitch, switchList } from "./switch-list.js";

/** Which requests `faults.clear()` switches faults off for. */
export interface FaultFilter {
  provider?: SandboxProviderId;
  scope?: string;
  user?: string;
}

/** What one request gets: a delay, a failure and a clock, each the most specific matching switch. */
export interface FaultPlan {
  slow: FaultRule | null;
  /** `500`, `garbage`, `reset` or `decline`. */
  failure: FaultRule | null;
  /** `expire`: the stand-in's clock runs `ms` ahead when it judges the request's token. */
  expire?: FaultRule | null;
}

/** Who a request is for, to match scoped switches. */
export interface FaultTarget {
  scope?: string | undefined;
  user?: string | undefined;
}

/**
 * The fault switches of a sandbox. A switch applies to the requests its
 * `provider`, `scope` and `user` match (unset: any). When several match, the
 * most specific wins (user, then scope, then provider), then the newest; a
 * `slow` switch and a failing one combine (the failure comes late).
 *
 * @example
 * const rule = sandbox.faults.set({ kind: "decline", provider: "gr4vy", scope: testInfo.testId });
 * // … the test …
 * sandbox.faults.clear({ scope: testInfo.testId });
 */
export interface Faults {
  /** Switch a fault on; returns it with its id. Throws `SandboxError` `INVALID_FAULT`. */
  set(spec: FaultSpec): FaultRule;
  /** The switches that are on, oldest first. */
  list(filter?: FaultFilter): FaultRule[];
  /** Switch one fault off by id; false when it was not on. */
  remove(id: string): boolean;
  /** Switch off the faults matching `filter` exactly (all of them without one); returns how many. */
  clear(filter?: FaultFilter): number;
  /** The faults one request gets (the stand-ins call this). */
  plan(provider: SandboxProviderId, target: FaultTarget): FaultPlan;
  /** Count one use of a `times`-limited switch (the stand-ins call this). */
  spend(rule: FaultRule): void;
}

const specificity = (rule: FaultRule) =>
  (rule.user !== null ? 4 : 0) + (rule.scope !== null ? 2 : 0) + (rule.provider !== null ? 1 : 0);

/**
 * A fresh set of fault switches, all off.
 *
 * @example
 * const faults = createFaults();
 * faults.set({ kind: "slow", ms: 3000 });
 */
export function createFaults(): Faults {
  const rules: FaultRule[] = [];

  const pick = (candidates: FaultRule[]): FaultRule | null => {
    let best: FaultRule | null = null;
    for (const rule of candidates) {
      if (best === null || specificity(rule) >= specificity(best)) best = rule;
    }
    return best;
  };

  const faults: Faults = {
    set(spec) {
      const s = parseFaultSpec(spec);
      const rule: FaultRule = {
        ...newSwitch(s),
        ms:
          s.kind === "slow"
            ? (s.ms ?? 2000)
            : s.kind === "expire"
              ? (s.ms ?? EXPIRE_DEFAULT_MS)
              : null,
        shape: s.kind === "garbage" ? (s.shape ?? "html") : null,
        remaining: s.times ?? null,
        createdAt: new Date().toISOString(),
      };
      rules.push(rule);
      return { ...rule };
    },
    list: (filter = {}) => rules.filter((r) => filtered(r, filter)).map((r) => ({ ...r })),
    ...switchList(rules),
    plan(provider, { scope, user }) {
      const applicable = rules.filter(
        (r) =>
          (r.provider === null || r.provider === provider) &&
          (r.scope === null || r.scope === scope) &&
          (r.user === null || r.user === user),
      );
      return {
        slow: pick(applicable.filter((r) => r.kind === "slow")),
        failure: pick(applicable.filter((r) => r.kind !== "slow" && r.kind !== "expire")),
        expire: pick(applicable.filter((r) => r.kind === "expire")),
      };
    },
    spend(rule) {
      const live = rules.find((r) => r.id === rule.id);
      if (!live || live.remaining === null) return;
      live.remaining--;
      if (live.remaining <= 0) faults.remove(live.id);
    },
  };
  return faults;
}

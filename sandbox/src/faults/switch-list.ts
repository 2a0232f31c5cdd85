import { randomUUID } from "node:crypto";

/** Whom a fault switch is for: each of provider, scope and user, or null for any. */
export interface Switch<K extends string = string, P extends string = string> {
  id: string;
  kind: K;
  provider: P | null;
  scope: string | null;
  user: string | null;
}

/** Which switches: a field left out matches any. */
export interface SwitchFilter {
  provider?: string | undefined;
  scope?: string | undefined;
  user?: string | undefined;
}

/**
 * A new switch's identity and target, from a parsed spec (a field left out
 * targets any).
 *
 * @example
 * const rule = { ...newSwitch(parsed), remaining: parsed.times ?? null };
 */
export function newSwitch<K extends string, P extends string>(spec: {
  kind: K;
  provider?: P | undefined;
  scope?: string | undefined;
  user?: string | undefined;
}): Switch<K, P> {
  return {
    id: randomUUID(),
    kind: spec.kind,
    provider: spec.provider ?? null,
    scope: spec.scope ?? null,
    user: spec.user ?? null,
  };
}

/** Whether `filter` names `rule` exactly (a field left out of the filter matches any). */
export function filtered(rule: Switch, filter: SwitchFilter): boolean {
  return (
    (filter.provider === undefined || rule.provider === filter.provider) &&
    (filter.scope === undefined || rule.scope === filter.scope) &&
    (filter.user === undefined || rule.user === filter.user)
  );
}

/**
 * `remove(id)` and `clear(filter)` over a list of switches, kept in place.
 *
 * @example
 * const { remove, clear } = switchList(rules);
 */
export function switchList(rules: Switch[]): {
  remove(id: string): boolean;
  clear(filter?: SwitchFilter): number;
} {
  return {
    remove(id) {
      const index = rules.findIndex((r) => r.id === id);
      if (index < 0) return false;
      rules.splice(index, 1);
      return true;
    },
    clear(filter = {}) {
      let removed = 0;
      for (let i = rules.length - 1; i >= 0; i--) {
        if (filtered(rules[i]!, filter)) {
          rules.splice(i, 1);
          removed++;
        }
      }
      return removed;
    },
  };
}

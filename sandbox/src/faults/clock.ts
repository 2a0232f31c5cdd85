import type { SandboxHooks } from "../hooks.js";
import type { SandboxProviderId } from "../provider-ids.js";
import type { FaultTarget } from "./fault-registry.js";
import type { FaultRule } from "./fault-spec.js";

/** When a stand-in judges a token: now, or later by the lead of an `expire` switch. */
export interface JudgingTime {
  /** Epoch ms to check `exp`, `iat` and `nbf` against. */
  now: number;
  /** The `expire` switch that moved the clock, if one matched (spent once per token judged). */
  rule: FaultRule | null;
}

/**
 * The clock a stand-in checks `target`'s token with: `Date.now()`, unless an
 * `expire` switch matches the provider, the request's scope or the token's
 * user; then that far ahead, so the token is past its `exp`. Spends the switch.
 *
 * @example
 * const { now } = judgingTime(hooks, "gr4vy", { scope: scopeOf(req), user: buyer });
 * if (token.exp * 1000 <= now) refuseAsExpired();
 */
export function judgingTime(
  hooks: SandboxHooks,
  provider: SandboxProviderId,
  target: FaultTarget,
): JudgingTime {
  const rule = hooks.faults.plan(provider, target).expire ?? null;
  if (rule) hooks.faults.spend(rule);
  return { now: Date.now() + (rule?.ms ?? 0), rule };
}

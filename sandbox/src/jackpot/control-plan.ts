import type { FaultPlan } from "../faults/fault-registry.js";
import type { FaultKind, FaultRule, GarbageShape } from "../faults/fault-spec.js";
import type { JackpotFaults, JackpotSandboxControl } from "./control.js";

/** The control object's modes as fault switches. */
const CONTROL_MODES: Record<
  Exclude<JackpotFaults["mode"], "none">,
  { kind: FaultKind; shape?: GarbageShape }
> = {
  "server-error": { kind: "500" },
  "malformed-json": { kind: "garbage", shape: "truncated-json" },
  "non-json": { kind: "garbage", shape: "html" },
  "missing-token": { kind: "garbage", shape: "wrong-shape" },
  "close-connection": { kind: "reset" },
};

/**
 * The switches of `SandboxJackpotOptions.control` as a fault plan, which
 * wins over `sandbox.faults`.
 *
 * @example
 * faultPoint(hooks, { provider: "jackpot", serverError, override: () => controlPlan(control) });
 */
export function controlPlan(control: JackpotSandboxControl): Partial<FaultPlan> {
  const rule = (kind: FaultKind, extra: Partial<FaultRule> = {}): FaultRule => ({
    id: "jackpot-control",
    kind,
    provider: "jackpot",
    scope: null,
    user: null,
    ms: null,
    shape: null,
    remaining: null,
    createdAt: "",
    ...extra,
  });
  const plan: Partial<FaultPlan> = {};
  if (control.faults.delayMs > 0) plan.slow = rule("slow", { ms: control.faults.delayMs });
  if (control.faults.mode !== "none") {
    const mode = CONTROL_MODES[control.faults.mode];
    plan.failure = rule(mode.kind, { shape: mode.shape ?? null });
  }
  return plan;
}

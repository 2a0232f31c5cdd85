import { SandboxError } from "../errors.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "../provider-ids.js";

/**
 * How a stand-in misbehaves:
 * - `slow`: answer `ms` later;
 * - `500`: the provider's own 500 error body;
 * - `garbage`: a 200 the client cannot use (`shape`: an HTML page, truncated JSON, or JSON of the wrong shape);
 * - `reset`: destroy the connection without an answer;
 * - `decline`: the provider's own refusal (a declined card, a declined transfer, a refused exchange, a rejected login…);
 * - `expire`: the stand-in judges tokens with its clock `ms` ahead (default a year and a day), so every
 *   token it is given is past its `exp` and refused as the provider refuses an expired one.
 */
export const FAULT_KINDS = ["slow", "500", "garbage", "reset", "decline", "expire"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What `garbage` answers. Default `html`. */
export const GARBAGE_SHAPES = ["html", "truncated-json", "wrong-shape"] as const;
export type GarbageShape = (typeof GARBAGE_SHAPES)[number];

/** One fault switch to flip, from JS (`sandbox.faults.set`) or `POST /__faults`. */
export interface FaultSpec {
  kind: FaultKind;
  /** Only this provider. Default: every provider. */
  provider?: SandboxProviderId;
  /** Only requests carrying `X-Sandbox-Scope: <scope>`. Default: every request. */
  scope?: string;
  /**
   * Only requests for this user: Fluz `externalId`, impact.com `user.id`,
   * Gr4vy buyer (`buyer_external_identifier`, else `buyer_id`), Jackpot
   * `userId`; merchant API: the customer an API call is for (its `email`,
   * lower-cased), the merchant's email for the login and the refresh.
   */
  user?: string;
  /**
   * `slow`: the delay in ms (default 2000, at most 120 000). `expire`: how far
   * ahead the stand-in's clock runs, in ms (default `EXPIRE_DEFAULT_MS`, a year
   * and a day; at most ten years).
   */
  ms?: number;
  /** `garbage`: what to answer (default `html`). */
  shape?: GarbageShape;
  /** Apply to the next `times` matching requests only, then switch off. Default: until cleared. */
  times?: number;
}

/** A fault switch that is on: the spec, normalized, with its id. */
export interface FaultRule {
  id: string;
  kind: FaultKind;
  provider: SandboxProviderId | null;
  scope: string | null;
  user: string | null;
  /** `slow`: the delay; `expire`: the clock's lead. */
  ms: number | null;
  /** `garbage` only. */
  shape: GarbageShape | null;
  /** How many more requests it applies to; null: until cleared. */
  remaining: number | null;
  /** ISO 8601. */
  createdAt: string;
}

/** How far ahead `expire` runs the stand-in's clock by default: past any token's `exp`. */
export const EXPIRE_DEFAULT_MS = 366 * 86_400_000;

/** The longest lead `expire` takes: ten years. */
const EXPIRE_MAX_MS = 3650 * 86_400_000;

const invalid = (field: string, message: string) =>
  new SandboxError("INVALID_FAULT", message, field);

const optionalString = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > 200) {
    throw invalid(field, `${field} must be a non-empty string of at most 200 characters`);
  }
  return value;
};

/**
 * Check a fault switch from an untrusted source (JSON body or JS caller).
 * Throws `SandboxError` `INVALID_FAULT` naming the field.
 *
 * @example
 * parseFaultSpec({ kind: "slow", provider: "fluz", ms: 1500 });
 */
export function parseFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("kind", 'a fault switch is an object such as {"kind": "500"}');
  }
  const o = value as Record<string, unknown>;
  const known = new Set(["kind", "provider", "scope", "user", "ms", "shape", "times"]);
  const extra = Object.keys(o).find((k) => !known.has(k));
  if (extra !== undefined) throw invalid(extra, `unknown field ${JSON.stringify(extra)}`);
  const kind = String(o.kind) as FaultKind;
  if (!FAULT_KINDS.includes(kind)) {
    throw invalid("kind", `kind must be one of ${FAULT_KINDS.join(", ")}`);
  }
  const spec: FaultSpec = { kind };
  if (o.provider !== undefined && o.provider !== null && o.provider !== "*") {
    const provider = parseProviderId(o.provider);
    if (!provider)
      throw invalid("provider", `provider must be one of ${SANDBOX_PROVIDERS.join(", ")}`);
    spec.provider = provider;
  }
  const scope = optionalString(o.scope, "scope");
  if (scope !== undefined) spec.scope = scope;
  const user = optionalString(o.user, "user");
  if (user !== undefined) spec.user = user;
  if (o.ms !== undefined) {
    if (kind !== "slow" && kind !== "expire") {
      throw invalid("ms", "ms applies to kinds slow and expire only");
    }
    const [min, max] = kind === "slow" ? [0, 120_000] : [1, EXPIRE_MAX_MS];
    if (typeof o.ms !== "number" || !Number.isInteger(o.ms) || o.ms < min || o.ms > max) {
      throw invalid("ms", `ms must be an integer from ${min} to ${max} for kind ${kind}`);
    }
    spec.ms = o.ms;
  }
  if (o.shape !== undefined) {
    if (kind !== "garbage") throw invalid("shape", "shape applies to kind garbage only");
    if (!GARBAGE_SHAPES.includes(o.shape as GarbageShape)) {
      throw invalid("shape", `shape must be one of ${GARBAGE_SHAPES.join(", ")}`);
    }
    spec.shape = o.shape as GarbageShape;
  }
  if (o.times !== undefined) {
    if (typeof o.times !== "number" || !Number.isInteger(o.times) || o.times < 1) {
      throw invalid("times", "times must be a positive integer");
    }
    spec.times = o.times;
  }
  return spec;
}

import { SandboxError } from "./errors.js";
import type { Faults } from "./faults/fault-registry.js";
import type { Inspector } from "./inspect/inspector.js";

/** Whose state `reset` forgets: a user's, a test's scope's, or (neither) everyone's. */
export interface ResetFilter {
  /** What is this user's: Fluz `externalId`, impact.com `user.id`, Gr4vy buyer, Jackpot `userId`, merchant-API customer. */
  user?: string | undefined;
  /** What requests carrying this `X-Sandbox-Scope` left. */
  scope?: string | undefined;
}

/** What one `reset` forgot, by kind. */
export interface ResetCounts {
  /** Fault switches (the `expire` clocks included) switched off. */
  faults: number;
  /** Token records dropped from the inspection log. */
  tokens: number;
  /** Stand-in state forgotten: spent Fluz tokens and open transfers, merchant-API decline marks. */
  state: number;
}

/** A stand-in's part of a reset: forget what `filter` names; how many things it forgot. */
export type StateReset = (filter: ResetFilter) => number;

/** The stand-ins' reset handlers (each stand-in adds its own when it is mounted). */
export interface SandboxResets {
  /** Add a stand-in's handler; returns the function that removes it. */
  add(reset: StateReset): () => void;
  /** Run every handler; how many things they forgot. */
  run(filter: ResetFilter): number;
}

/**
 * An empty set of reset handlers.
 *
 * @example
 * const resets = createResets();
 * resets.add(({ user }) => forgetSpentTokens(user));
 */
export function createResets(): SandboxResets {
  const handlers = new Set<StateReset>();
  return {
    add(reset) {
      handlers.add(reset);
      return () => handlers.delete(reset);
    },
    run: (filter) => [...handlers].reduce((n, reset) => n + reset(filter), 0),
  };
}

/**
 * Whether a thing of `user`, seen in `scope`, is what `filter` names: its
 * user or its scope; everything when the filter names neither.
 *
 * @example
 * named({ user: "qa_1" }, "qa_1", null); // true
 */
export function named(filter: ResetFilter, user: string | null, scope: string | null): boolean {
  if (filter.user === undefined && filter.scope === undefined) return true;
  return (
    (filter.user !== undefined && user === filter.user) ||
    (filter.scope !== undefined && scope === filter.scope)
  );
}

/**
 * Check a reset's filter from an untrusted source: `{user?, scope?}`, each a
 * non-empty string of at most 200 characters. Throws `SandboxError`
 * `INVALID_RESET` naming the field.
 *
 * @example
 * parseResetFilter({ user: "qa_fluz_1" }); // { user: "qa_fluz_1" }
 */
export function parseResetFilter(value: unknown): ResetFilter {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new SandboxError("INVALID_RESET", "a reset names {user?, scope?}");
  }
  const body = value as Record<string, unknown>;
  const extra = Object.keys(body).find((key) => key !== "user" && key !== "scope");
  if (extra !== undefined) {
    throw new SandboxError("INVALID_RESET", `unknown field ${JSON.stringify(extra)}`, extra);
  }
  const filter: ResetFilter = {};
  for (const field of ["user", "scope"] as const) {
    const given = body[field];
    if (given === undefined || given === null) continue;
    if (typeof given !== "string" || given.length === 0 || given.length > 200) {
      throw new SandboxError(
        "INVALID_RESET",
        `${field} must be a non-empty string of at most 200 characters`,
        field,
      );
    }
    filter[field] = given;
  }
  return filter;
}

/**
 * Put a sandbox back as a test found it: the fault switches (and `expire`
 * clocks) set for the user or the scope, the tokens they sent in the
 * inspection log, and what the stand-ins remember of them (spent Fluz
 * tokens and open transfers, merchant-API decline marks). Without a user or
 * a scope, everything. Throws `SandboxError` `INVALID_RESET` for a bad filter.
 *
 * @example
 * resetSandbox(hooks, { user: "qa_fluz_1" }); // { faults: 1, tokens: 3, state: 1 }
 */
export function resetSandbox(
  hooks: { faults: Faults; inspect: Inspector; resets: SandboxResets },
  given: ResetFilter,
): ResetCounts {
  const filter = parseResetFilter(given);
  const everyone = filter.user === undefined && filter.scope === undefined;
  const faults = everyone
    ? hooks.faults.clear()
    : (filter.user !== undefined ? hooks.faults.clear({ user: filter.user }) : 0) +
      (filter.scope !== undefined ? hooks.faults.clear({ scope: filter.scope }) : 0);
  const tokens = hooks.inspect.forget(filter);
  return { faults, tokens, state: hooks.resets.run(filter) };
}

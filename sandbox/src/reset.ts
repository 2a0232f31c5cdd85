import type { Faults } from "./faults/fault-registry.js";
import type { Inspector } from "./inspect/inspector.js";
import { type ResetFilter, parseResetFilter } from "./reset-filter.js";

export type { ResetFilter } from "./reset-filter.js";

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

import { SandboxError } from "./errors.js";

/** Whose state `reset` forgets: a user's, a test's scope's, or (neither) everyone's. */
export interface ResetFilter {
  /** What is this user's: Fluz `externalId`, impact.com `user.id`, Gr4vy buyer, Jackpot `userId`, merchant-API customer. */
  user?: string | undefined;
  /** What requests carrying this `X-Sandbox-Scope` left. */
  scope?: string | undefined;
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

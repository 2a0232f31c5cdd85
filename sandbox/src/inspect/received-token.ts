import type { FaultKind } from "../faults/fault-spec.js";
import type { SandboxProviderId } from "../provider-ids.js";
import type { Verdict } from "./verdict.js";

/** One token a stand-in received, as the inspection API shows it. */
export interface ReceivedToken {
  /** Increases by one per token, from 1; never reused, not even after `clear()`. */
  id: number;
  provider: SandboxProviderId;
  /**
   * Which token: `patToken` (Fluz), `user-jwt` (impact.com), `embed` and `api`
   * (Gr4vy), `assertion` (Jackpot), `access` and `refresh` (merchant API).
   */
  kind: string;
  /** The route that received it, e.g. `POST /fluz/api/verify`. */
  route: string;
  /** ISO 8601. */
  receivedAt: string;
  /** The request's `X-Sandbox-Scope` header, if it had one. */
  scope: string | null;
  /** The decoded protected header (null when the token is not a JWT). */
  header: Record<string, unknown> | null;
  /** The decoded claims, whatever the verdict (null when the token is not a JWT). */
  claims: Record<string, unknown> | null;
  verdict: Verdict;
  /** Why, in words a person can act on. */
  reason: string;
  /** Whom the token is for (Fluz `externalId`, impact.com `user.id`, Gr4vy buyer, Jackpot `userId`, merchant-API `sub`). */
  user: string | null;
  /** The amount the token pins, in major units (Gr4vy's minor units divided out). */
  amount: number | null;
  currency: string | null;
  /** When the token stops being accepted, ISO 8601 (Jackpot: `iat` plus the freshness window). */
  expiresAt: string | null;
  /** Fault switches that shaped the answer (`slow` delays it, the others replace it). */
  faults: FaultKind[];
  /** The token as received ("" when the request had none). */
  token: string;
}

/** What narrows `inspect.tokens()`, `GET /__inspect` and the waits. */
export interface TokenFilter {
  provider?: SandboxProviderId | undefined;
  kind?: string | undefined;
  /** Only tokens for this user (see `ReceivedToken.user`). */
  user?: string | undefined;
  /** Only requests that carried this `X-Sandbox-Scope` header. */
  scope?: string | undefined;
  verdict?: Verdict | undefined;
  /** Only tokens with an `id` above this one (a `cursor()` taken earlier). */
  since?: number | undefined;
}

/**
 * Whether a received token passes a filter.
 *
 * @example
 * matchesFilter(token, { provider: "fluz", since: 3 });
 */
export function matchesFilter(token: ReceivedToken, filter: TokenFilter): boolean {
  return (
    (filter.provider === undefined || token.provider === filter.provider) &&
    (filter.kind === undefined || token.kind === filter.kind) &&
    (filter.user === undefined || token.user === filter.user) &&
    (filter.scope === undefined || token.scope === filter.scope) &&
    (filter.verdict === undefined || token.verdict === filter.verdict) &&
    (filter.since === undefined || token.id > filter.since)
  );
}

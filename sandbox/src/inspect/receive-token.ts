import type { Request, Response } from "express";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { judgingTime } from "../faults/clock.js";
import { appliedFaults } from "../faults/fault-point.js";
import type { FaultKind } from "../faults/fault-spec.js";
import { type SandboxHooks, scopeOf } from "../hooks.js";
import type { SandboxProviderId } from "../provider-ids.js";
import type { Summarize } from "../stand-in.js";
import type { ReceivedToken } from "./received-token.js";
import { detailOf } from "./verdict.js";

/** The reason given with a `valid` verdict. */
export const VALID_REASON = "accepted: the signature, the claims and the expiry check out";

/** A token a stand-in is about to judge. */
export interface TokenReceipt {
  provider: SandboxProviderId;
  /** See `ReceivedToken.kind`. */
  kind: string;
  token: unknown;
  /** The stand-in's reading of the claims (who, how much, until when). */
  summarize: Summarize;
}

export type Received<T> =
  | { ok: true; value: T; record: ReceivedToken }
  | { ok: false; error: unknown; record: ReceivedToken };

/**
 * Decode a token, judge it with the stand-in's own verifier (`check`), and
 * record both in the inspector. A refusal (`TokenRejection`) carries its
 * verdict; any other error is recorded as `malformed`. `check` gets the time
 * to judge the token at (ms): now, or ahead when an `expire` switch matches
 * the request's scope or the token's user.
 *
 * @example
 * const receipt = { provider: "fluz", kind: "patToken", token, summarize: summarizeFluz } as const;
 * const got = await receiveToken(hooks, req, res, receipt, () => verifyPatToken(token, secret, apiKey));
 * if (!got.ok) return answerError(got.error);
 */
export async function receiveToken<T>(
  hooks: SandboxHooks,
  req: Request,
  res: Response,
  receipt: TokenReceipt,
  check: (now: number) => Promise<T> | T,
): Promise<Received<T>> {
  const raw = typeof receipt.token === "string" ? receipt.token : "";
  const { header, claims } = decodeLoosely(raw);
  const summary = receipt.summarize(claims);
  const clock = judgingTime(hooks, receipt.provider, {
    scope: scopeOf(req),
    user: summary.user ?? undefined,
  });
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await check(clock.now) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const detail = outcome.ok
    ? { verdict: "valid" as const, reason: VALID_REASON }
    : detailOf(outcome.error);
  const applied = appliedFaults(res);
  const faults: FaultKind[] = applied?.plan.slow ? ["slow"] : [];
  if (clock.rule) faults.push("expire");
  const record = hooks.inspect.record({
    provider: receipt.provider,
    kind: receipt.kind,
    route: `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`,
    scope: scopeOf(req) ?? null,
    header,
    claims,
    verdict: detail.verdict,
    reason: detail.reason,
    ...summary,
    faults,
    token: raw.length <= 16_384 ? raw : `${raw.slice(0, 16_384)}…`,
  });
  applied?.records.push(record);
  return { ...outcome, record };
}

/**
 * The header and claims of a JWT without verifying it; nulls for anything
 * that is not one.
 *
 * @example
 * decodeLoosely("garbage"); // { header: null, claims: null }
 */
export function decodeLoosely(token: string): {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
} {
  let header: Record<string, unknown> | null = null;
  let claims: Record<string, unknown> | null = null;
  try {
    header = { ...decodeProtectedHeader(token) };
  } catch {}
  try {
    claims = { ...decodeJwt(token) };
  } catch {}
  return { header, claims };
}

import { createHash, randomBytes } from "node:crypto";
import type { JackpotSession, JackpotState } from "./state.js";
import { GrantError, verifyAssertion } from "./verify-assertion.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * Check an assertion, spend it (and its `notificationKey`), open a session.
 * Throws `GrantError` `invalid_grant` for a bad or already used assertion.
 *
 * @example
 * const { token, session } = await openSession(state, req.body.assertion);
 */
export async function openSession(
  state: JackpotState,
  assertion: unknown,
  /** When the assertion is judged (ms): now, unless an `expire` switch moved the clock. */
  judgedAt = Date.now(),
): Promise<{ token: string; session: JackpotSession }> {
  const { spent, maxAge } = state;
  const now = Date.now();
  const claims = await verifyAssertion(assertion, state.key, Math.floor(judgedAt / 1000), maxAge);
  for (const [hash, until] of spent) if (until < now) spent.delete(hash);
  const ids = [`a:${sha256(assertion as string)}`, `n:${claims.notificationKey}`];
  if (ids.some((id) => spent.has(id))) {
    throw new GrantError("invalid_grant", "assertion was already used", 400, {
      verdict: "replayed",
      reason: spent.has(ids[0]!)
        ? "this assertion was already exchanged: it is accepted once"
        : `notificationKey ${claims.notificationKey} was already used by another assertion`,
    });
  }
  for (const id of ids) spent.set(id, (claims.iat + maxAge + 60) * 1000);
  const token = `jps_${randomBytes(24).toString("base64url")}`;
  const session: JackpotSession = {
    amount: claims.amount,
    userId: claims.userId,
    notificationKey: claims.notificationKey,
    expiresAt: now + state.ttl * 1000,
    converted: false,
  };
  state.sessions.set(token, session);
  return { token, session };
}

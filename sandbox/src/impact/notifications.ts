import { createHash } from "node:crypto";
import type { Request } from "express";
import { scopeOf } from "../hooks.js";
import type { ProviderEvent } from "../notification-sender.js";
import { type ResetFilter, named } from "../reset-filter.js";
import { type ImpactState, type StoredUser, userView } from "./state.js";

/** What a verified widget load tells the webhooks: the user JWT's claims that matter. */
interface VerifiedToken {
  jti?: unknown;
  exp: number;
}

/**
 * impact.com's webhooks when a widget verified its user, sent by the
 * sandbox's sender: once per user JWT (`jti`), the first time a widget
 * renders with it.
 *
 * Published by SaaSquatch (docs.saasquatch.com/api/webhooks): a JSON `POST`
 * of an event object `{id, type, tenantAlias, live, created, data}`; the
 * `user.created` event (a user seen for the first time), its `data` the user
 * (`id`, `accountId`, `firstName`, `lastName`, `email`, `referralCode`, …);
 * retries until a 200; no delivery order guaranteed.
 * Our assumption (what `@widget-tokens/server`'s impact.com adapter reads):
 * the `user.widget.verified` event, its `data` the user plus `jti` (the
 * token's id, the ledger key), `widgetType` and `engagementMedium`; an event
 * `id` stable per token; a hex HMAC-SHA256 in `X-Impact-Signature` over
 * `<X-Impact-Timestamp>.<raw body>` (SaaSquatch itself signs with a detached
 * JWS in `X-Hook-JWS-RFC-7797`, and an HMAC-SHA1 in `X-Hook-Signature`).
 * A user's first widget sends `user.created` first, then the verification.
 *
 * @example
 * notifyVerified(state, req, claims, upsertUser(state, claims.user), { widgetType, engagementMedium: "EMBED" });
 */
export function notifyVerified(
  state: ImpactState,
  req: Request,
  token: VerifiedToken,
  user: StoredUser & { created: boolean },
  widget: { widgetType: string; engagementMedium: string },
): void {
  const secret = state.options.notificationSecret;
  const { jti } = token;
  if (secret === undefined || typeof jti !== "string" || state.notified.has(jti)) return;
  const now = Date.now();
  for (const [key, seen] of state.notified) if (seen.exp <= now) state.notified.delete(key);
  state.notified.set(jti, { user: user.id, exp: token.exp * 1000 });
  const profile = userView(user);
  const event = (type: string, data: Record<string, unknown>): ProviderEvent => ({
    event: type,
    body: {
      id: eventId(type, jti),
      type,
      tenantAlias: state.options.tenantAlias,
      live: false,
      created: now,
      data,
    },
  });
  const verified = event("user.widget.verified", {
    ...profile,
    jti,
    widgetType: widget.widgetType,
    engagementMedium: widget.engagementMedium,
  });
  state.hooks.notifications.completed({
    provider: "impact",
    secret,
    signatureHeader: "X-Impact-Signature",
    timestampHeader: "X-Impact-Timestamp",
    key: jti,
    user: user.id,
    scope: scopeOf(req),
    events: user.created
      ? [event("user.created", { ...profile, dateCreated: now }), verified]
      : [verified],
  });
}

/** An event's id: 24 hex characters, the same for the same token and type. */
const eventId = (type: string, jti: string): string =>
  createHash("sha256").update(`${type}\u0000${jti}`).digest("hex").slice(0, 24);

/**
 * Forget which tokens of `filter`'s user (everyone's without a user or
 * scope) were notified: the reset's part for impact.com; how many.
 *
 * @example
 * hooks.resets.add((filter) => forgetNotified(state, filter));
 */
export function forgetNotified(state: ImpactState, filter: ResetFilter): number {
  let forgotten = 0;
  for (const [jti, seen] of state.notified) {
    if (named(filter, seen.user, null)) {
      state.notified.delete(jti);
      forgotten++;
    }
  }
  return forgotten;
}

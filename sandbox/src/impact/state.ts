import { type KeyObject, createSecretKey } from "node:crypto";
import { IMPACT_WIDGET_TYPE, type ImpactUserClaim } from "@widget-tokens/shared";
import type { Request } from "express";
import type { SandboxHooks } from "../hooks.js";
import { ImpactApiError } from "./verify-user-token.js";
import { referralCode } from "./widget-template.js";

/** The impact.com stand-in's options. */
export interface SandboxImpactOptions {
  accountSid: string;
  authToken: string;
  tenantAlias: string;
  /** Origins allowed to call the widget API. Default: any (the exact origin is echoed). */
  allowedOrigins?: string[];
  /**
   * The key impact.com's webhooks are signed with here (HMAC-SHA256): the
   * merchant's `providers.impact.notifications.secret`. Without it, no
   * webhook is sent.
   */
  notificationSecret?: string | undefined;
}

/** A user the widget API upserted. */
export interface StoredUser extends ImpactUserClaim {
  referralCode: string;
  shareLink: string;
  upsertedAt: string;
}

/** What the impact.com stand-in's routes share. */
export interface ImpactState {
  options: SandboxImpactOptions;
  /** Where the sandbox is served (share links point there). */
  origin: string;
  hooks: SandboxHooks;
  key: KeyObject;
  users: Map<string, StoredUser>;
  /** The user JWTs (`jti`) whose verification was notified: whose, and until when (ms). */
  notified: Map<string, { user: string; exp: number }>;
}

/**
 * A fresh stand-in state: no user upserted.
 *
 * @example
 * const state = impactState(options, "http://127.0.0.1:4010", hooks);
 */
export function impactState(
  options: SandboxImpactOptions,
  origin: string,
  hooks: SandboxHooks,
): ImpactState {
  const key = createSecretKey(Buffer.from(options.authToken, "utf8"));
  return { options, origin, hooks, key, users: new Map(), notified: new Map() };
}

/**
 * Keep a user the token vouches for, with its referral code and share link;
 * `created` when the stand-in had not seen the user before.
 *
 * @example
 * const stored = upsertUser(state, claims.user);
 */
export function upsertUser(
  state: ImpactState,
  user: ImpactUserClaim,
): StoredUser & { created: boolean } {
  const code = referralCode(user);
  const id = `${user.accountId}\u0000${user.id}`;
  const created = !state.users.has(id);
  const stored: StoredUser = {
    ...user,
    referralCode: code,
    shareLink: `${state.origin}/impact/r/${encodeURIComponent(code)}`,
    upsertedAt: new Date().toISOString(),
  };
  state.users.set(id, stored);
  return { ...stored, created };
}

/**
 * A user as impact.com's API and webhooks show it: absent fields as null.
 *
 * @example
 * res.json({ ...userView(stored), shareLinks: { shareLink: stored.shareLink } });
 */
export function userView(user: StoredUser) {
  return {
    id: user.id,
    accountId: user.accountId,
    firstName: user.firstName ?? null,
    lastName: user.lastName ?? null,
    email: user.email ?? null,
    locale: user.locale ?? null,
    referralCode: user.referralCode,
  };
}

/**
 * impact.com's 401 for a token of another user than the request names.
 *
 * @example
 * throw userMismatch("The user in the path is not the user in the token");
 */
export const userMismatch = (message: string): ImpactApiError =>
  new ImpactApiError(401, "TOKEN_USER_MISMATCH", message, { verdict: "mismatch", reason: message });

/**
 * The `Authorization: Bearer` token of a request.
 *
 * @example
 * bearerOf(req); // "eyJ…" | undefined
 */
export function bearerOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  return typeof auth === "string" && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
}

/**
 * A `widgetType` as impact.com takes it, `p/<program>/w/<widget>`; else
 * its 400 `WIDGET_TYPE_INVALID`.
 *
 * @example
 * const widgetType = readWidgetType(req.query.widgetType);
 */
export function readWidgetType(value: unknown): string {
  if (typeof value !== "string" || !IMPACT_WIDGET_TYPE.test(value)) {
    throw new ImpactApiError(
      400,
      "WIDGET_TYPE_INVALID",
      "widgetType must be p/<program>/w/<widget>",
    );
  }
  return value;
}

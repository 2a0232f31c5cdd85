import { type KeyObject, createSecretKey } from "node:crypto";
import type { Response } from "express";
import type { SandboxHooks } from "../hooks.js";
import { type ResetFilter, named } from "../reset-filter.js";

/** The Fluz stand-in's options: the merchant's API key and secret. */
export interface SandboxFluzOptions {
  apiKey: string;
  apiSecret: string;
  /**
   * The key Fluz signs its webhooks with (HMAC-SHA256): the merchant's
   * `providers.fluz.notifications.secret`. Without it, no webhook is sent.
   */
  notificationSecret?: string | undefined;
}

/** A transfer a patToken opened, waiting for the user's confirmation. */
interface FluzSession {
  amount: number;
  transactionType: string;
  externalId: string;
  jti: string;
  confirmed: boolean;
}

/** A spent patToken: until when it is remembered, whose it is, and what opened it. */
export interface SpentPatToken {
  /** The token's `exp`, ms. */
  exp: number;
  /** Its `externalId`. */
  user: string;
  /** The widget session (one modal) that spent it, and what that modal was answered. */
  widgetSession: string | undefined;
  answer: VerifyAnswer;
}

/** What `POST /fluz/api/verify` answers. */
export interface VerifyAnswer {
  sessionId: string;
  amount: number;
  transactionType: string;
  externalId: string;
  jti: string;
}

/** What the Fluz stand-in's routes share. */
export interface FluzState {
  options: SandboxFluzOptions;
  hooks: SandboxHooks;
  secret: KeyObject;
  /** Spent patTokens by `jti`. */
  usedJti: Map<string, SpentPatToken>;
  sessions: Map<string, FluzSession>;
}

/**
 * A fresh stand-in state: no token spent, no transfer open.
 *
 * @example
 * const state = fluzState({ apiKey, apiSecret }, hooks);
 */
export function fluzState(options: SandboxFluzOptions, hooks: SandboxHooks): FluzState {
  const secret = createSecretKey(Buffer.from(options.apiSecret, "utf8"));
  return { options, hooks, secret, usedJti: new Map(), sessions: new Map() };
}

/**
 * Forget the spent patTokens and open transfers of `filter`'s user (every
 * one without a user or scope): the reset's part for Fluz; how many.
 *
 * @example
 * hooks.resets.add((filter) => forgetFluzUser(state, filter));
 */
export function forgetFluzUser(state: FluzState, filter: ResetFilter): number {
  let forgotten = 0;
  for (const [jti, spent] of state.usedJti) {
    if (named(filter, spent.user, null)) {
      state.usedJti.delete(jti);
      forgotten++;
    }
  }
  for (const [id, session] of state.sessions) {
    if (named(filter, session.externalId, null)) {
      state.sessions.delete(id);
      forgotten++;
    }
  }
  return forgotten;
}

/** Fluz's 500 body, for the `500` fault. */
export const serverError = (res: Response): void => {
  res.json({ error: { code: "INTERNAL_ERROR", message: "Fluz is unavailable, try again later" } });
};

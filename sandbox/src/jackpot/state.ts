import { type KeyObject, createSecretKey } from "node:crypto";
import type { SandboxHooks } from "../hooks.js";
import { type JackpotSandboxControl, jackpotSandboxControl } from "./control.js";

/** The Jackpot stand-in's options. */
export interface SandboxJackpotOptions {
  apiKey: string;
  apiSignature: string;
  /**
   * The key Jackpot's notifications are signed with (HMAC-SHA256): the
   * merchant's `providers.jackpot.notifications.secret`. Without it, no
   * notification is sent.
   */
  notificationSecret?: string | undefined;
  /** Session token lifetime in seconds. Default 3600. */
  sessionTtlSeconds?: number;
  /** Oldest accepted `iat`, in seconds. Default 300. */
  maxAssertionAgeSeconds?: number;
  /**
   * Fault switches and the exchange ledger of the Jackpot stand-in alone
   * (the older test API; `sandbox.faults` and `sandbox.inspect` cover every
   * provider). Its switches win over `sandbox.faults`. Default: a private one.
   */
  control?: JackpotSandboxControl;
}

/** A conversion session a good assertion opened. */
export interface JackpotSession {
  amount: number;
  userId: string;
  notificationKey: string;
  /** Epoch ms. */
  expiresAt: number;
  converted: boolean;
}

/** What the Jackpot stand-in's routes share. */
export interface JackpotState {
  options: SandboxJackpotOptions;
  hooks: SandboxHooks;
  key: KeyObject;
  /** Session token lifetime, seconds. */
  ttl: number;
  /** Oldest accepted `iat`, seconds. */
  maxAge: number;
  control: JackpotSandboxControl;
  /** Spent assertions (hash → when the entry may be forgotten, ms). */
  spent: Map<string, number>;
  /** Open sessions by session token. */
  sessions: Map<string, JackpotSession>;
}

/**
 * A fresh stand-in state: no assertion spent, no session open.
 *
 * @example
 * const state = jackpotState({ apiKey, apiSignature }, hooks);
 */
export function jackpotState(options: SandboxJackpotOptions, hooks: SandboxHooks): JackpotState {
  return {
    options,
    hooks,
    key: createSecretKey(Buffer.from(options.apiSignature, "utf8")),
    ttl: options.sessionTtlSeconds ?? 3600,
    maxAge: options.maxAssertionAgeSeconds ?? 300,
    control: options.control ?? jackpotSandboxControl(),
    spent: new Map(),
    sessions: new Map(),
  };
}

/**
 * The session of a session token, while it lasts.
 *
 * @example
 * const session = liveSession(state, req.body?.sessionToken);
 */
export function liveSession(state: JackpotState, token: unknown): JackpotSession | undefined {
  const session = typeof token === "string" ? state.sessions.get(token) : undefined;
  return session && session.expiresAt > Date.now() ? session : undefined;
}

import { type KeyObject, createSecretKey } from "node:crypto";
import type { Response } from "express";
import type { SandboxHooks } from "../hooks.js";

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

/** What the Fluz stand-in's routes share. */
export interface FluzState {
  options: SandboxFluzOptions;
  hooks: SandboxHooks;
  secret: KeyObject;
  /** Spent patToken ids (jti → its exp, ms). */
  usedJti: Map<string, number>;
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

/** Fluz's 500 body, for the `500` fault. */
export const serverError = (res: Response): void => {
  res.json({ error: { code: "INTERNAL_ERROR", message: "Fluz is unavailable, try again later" } });
};

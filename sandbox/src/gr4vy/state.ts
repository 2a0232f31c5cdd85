import { type KeyObject, createPublicKey } from "node:crypto";
import type { Response } from "express";
import type { SandboxHooks } from "../hooks.js";
import { EmbedTokenError, type VerifiedEmbedToken } from "./verify-embed-token.js";

/** The Gr4vy stand-in's options. */
export interface SandboxGr4vyOptions {
  /** The merchant's instance id. */
  gr4vyId: string;
  /** The merchant's public key (PEM or KeyObject); a private key works too (its public half is used). */
  publicKey: string | KeyObject;
}

/** A payment form an embed token opened: it pays once. */
interface EmbedSession {
  token: VerifiedEmbedToken;
  used: boolean;
}

/** A transaction the sandbox created (the fields Embed reports). */
export interface SandboxGr4vyTransaction {
  type: "transaction";
  id: string;
  status: "authorization_succeeded" | "authorization_declined";
  amount: number;
  currency: string;
  buyer: { id?: string | undefined; externalIdentifier?: string | undefined } | null;
  metadata: Record<string, string> | null;
  cartItems: Record<string, unknown>[] | null;
  paymentMethod: {
    type: "payment-method";
    id: string;
    method: "card";
    scheme: string;
    label: string;
  };
  checkoutSessionId: string | null;
  createdAt: string;
}

/** What the Gr4vy stand-in's routes share. */
export interface Gr4vyState {
  hooks: SandboxHooks;
  /** The merchant's public key, which checks embed and API tokens. */
  publicKey: KeyObject;
  /** Payment form sessions by id. */
  sessions: Map<string, EmbedSession>;
  /** Transactions by id. */
  transactions: Map<string, SandboxGr4vyTransaction>;
}

/**
 * A fresh stand-in state: no session, no transaction.
 *
 * @example
 * const state = gr4vyState({ gr4vyId: "sandbox", publicKey }, hooks);
 */
export function gr4vyState(options: SandboxGr4vyOptions, hooks: SandboxHooks): Gr4vyState {
  const publicKey =
    typeof options.publicKey !== "string" && options.publicKey.type === "public"
      ? options.publicKey
      : createPublicKey(options.publicKey);
  return { hooks, publicKey, sessions: new Map(), transactions: new Map() };
}

/** Gr4vy's 500 body, for the `500` fault. */
export const serverError = (res: Response): void => {
  res.json({
    error: { type: "error", status: 500, code: "internal_error", message: "Internal error" },
  });
};

/**
 * Answer with Gr4vy's error body (any error but an `EmbedTokenError`: 400).
 *
 * @example
 * sendError(res, new EmbedTokenError("bad_request", 400, "No such payment form session"));
 */
export function sendError(res: Response, err: unknown): void {
  const e =
    err instanceof EmbedTokenError
      ? err
      : new EmbedTokenError("bad_request", 400, "The request is invalid");
  res.status(e.status).json({
    error: { type: "error", status: e.status, code: e.code, message: e.message },
  });
}

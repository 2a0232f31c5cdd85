import express, { type Router } from "express";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { serveFramePage, serveScript } from "../serve.js";
import { type SandboxCheckoutSession, checkoutSessionsRouter } from "./checkout-sessions.js";
import { gr4vyEmbedPage } from "./embed-page.js";
import { gr4vyEmbedScript } from "./embed-script.js";
import { mountEmbedSession } from "./embed-session-route.js";
import { type SandboxGr4vyOptions, gr4vyState } from "./state.js";
import { mountPayment, mountTransactionRead } from "./transaction-routes.js";

export type { SandboxGr4vyOptions, SandboxGr4vyTransaction } from "./state.js";

/**
 * The Gr4vy stand-in: `GET /gr4vy/gr4vy-embed.js`, the framed page at
 * `GET /gr4vy/embed`, `POST /gr4vy/api/embed-session` (verifies the token and
 * the pinned options), `POST /gr4vy/api/transactions` (the card payment: see
 * `GR4VY_TEST_CARDS`; the `decline` fault declines any card) and
 * `GET /gr4vy/api/transactions/:id` (what a merchant's server reads back, with
 * an ES512 API token of its own key and the `transactions.read` scope, in
 * Gr4vy's REST shape) and `/gr4vy/api/checkout/sessions` (create, read,
 * update, delete; one hour from creation, never extended).
 * Mount it at the root of an app served at `origin`.
 *
 * @example
 * app.use(sandboxGr4vy({ gr4vyId: "sandbox", publicKey }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxGr4vy(
  options: SandboxGr4vyOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const state = gr4vyState(options, hooks);
  const router = express.Router();
  serveScript(router, "/gr4vy/gr4vy-embed.js", gr4vyEmbedScript(origin));
  serveFramePage(router, "/gr4vy/embed", gr4vyEmbedPage);
  mountEmbedSession(router, state);
  mountPayment(router, state);
  mountTransactionRead(router, state);
  const checkoutSessions = new Map<string, SandboxCheckoutSession>();
  router.use(checkoutSessionsRouter(state.publicKey, checkoutSessions, hooks, Date.now));
  return router;
}

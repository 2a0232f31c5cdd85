import { type KeyObject, randomUUID } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import type { SandboxHooks } from "../hooks.js";
import { receiveToken } from "../inspect/receive-token.js";
import { summarizeGr4vy } from "./summarize.js";
import { bearerOf, checkApiToken } from "./verify-api-token.js";

/** A checkout session as Gr4vy's REST API answers it (snake_case). */
export interface SandboxCheckoutSession {
  type: "checkout-session";
  id: string;
  cart_items: Record<string, unknown>[] | null;
  metadata: Record<string, string> | null;
  /** One hour after creation; an update never moves it. */
  expires_at: string;
  payment_method: null;
}

/** A checkout session lives one hour from its creation (Gr4vy's rule). */
const CHECKOUT_SESSION_LIFETIME_MS = 3_600_000;

const problem = (res: Response, status: number, code: string, message: string) => {
  res.status(status).json({ type: "error", status, code, message });
};

/**
 * `/gr4vy/api/checkout/sessions`: create (201), read, update (`PUT`, which
 * keeps `expires_at`), delete (204), as Gr4vy documents them: an ES512 API
 * token of the merchant's key with `checkout-sessions.write` (or `.read` to
 * read; `*.write`/`*.read` too). An expired or deleted session is 404.
 * `sessions` is shared with the embed stand-in, which checks a token's
 * `checkout_session_id` against it.
 *
 * @example
 * router.use(checkoutSessionsRouter(publicKey, sessions, hooks, () => Date.now()));
 */
export function checkoutSessionsRouter(
  publicKey: KeyObject,
  sessions: Map<string, SandboxCheckoutSession>,
  hooks: SandboxHooks,
  now: () => number,
): Router {
  const router = express.Router();
  const base = "/gr4vy/api/checkout/sessions";

  const authorized = async (req: Request, res: Response, scope: string) => {
    const authorization = req.headers.authorization;
    const got = await receiveToken(
      hooks,
      req,
      res,
      {
        provider: "gr4vy",
        summarize: summarizeGr4vy,
        kind: "api",
        token: bearerOf(authorization) ?? "",
      },
      (at) => checkApiToken(authorization, publicKey, scope, at),
    );
    if (!got.ok) problem(res, 401, "unauthorized", "No valid API token");
    return got.ok;
  };
  const live = (id: string): SandboxCheckoutSession | undefined => {
    const session = sessions.get(id);
    if (session && Date.parse(session.expires_at) <= now()) {
      sessions.delete(id);
      return undefined;
    }
    return session;
  };
  const fields = (
    body: unknown,
  ): Pick<SandboxCheckoutSession, "cart_items" | "metadata"> | string => {
    const b = (body ?? {}) as Record<string, unknown>;
    if (b.cart_items !== undefined && b.cart_items !== null && !Array.isArray(b.cart_items)) {
      return "cart_items must be an array";
    }
    if (
      b.metadata !== undefined &&
      b.metadata !== null &&
      (typeof b.metadata !== "object" || Array.isArray(b.metadata))
    ) {
      return "metadata must be an object";
    }
    return {
      cart_items: (b.cart_items as SandboxCheckoutSession["cart_items"]) ?? null,
      metadata: (b.metadata as SandboxCheckoutSession["metadata"]) ?? null,
    };
  };

  router.post(base, express.json({ limit: "64kb" }), async (req, res) => {
    if (!(await authorized(req, res, "checkout-sessions.write"))) return;
    const f = fields(req.body);
    if (typeof f === "string") return problem(res, 400, "bad_request", f);
    const session: SandboxCheckoutSession = {
      type: "checkout-session",
      id: randomUUID(),
      ...f,
      expires_at: new Date(now() + CHECKOUT_SESSION_LIFETIME_MS).toISOString(),
      payment_method: null,
    };
    sessions.set(session.id, session);
    res.status(201).json(session);
  });

  router.get(`${base}/:id`, async (req, res) => {
    if (!(await authorized(req, res, "checkout-sessions.read"))) return;
    const session = live(String(req.params.id));
    if (!session) return problem(res, 404, "not_found", "No such checkout session");
    res.json(session);
  });

  router.put(`${base}/:id`, express.json({ limit: "64kb" }), async (req, res) => {
    if (!(await authorized(req, res, "checkout-sessions.write"))) return;
    const session = live(String(req.params.id));
    if (!session) return problem(res, 404, "not_found", "No such checkout session");
    const f = fields(req.body);
    if (typeof f === "string") return problem(res, 400, "bad_request", f);
    // The cart and metadata change; the hour does not.
    if (req.body?.cart_items !== undefined) session.cart_items = f.cart_items;
    if (req.body?.metadata !== undefined) session.metadata = f.metadata;
    res.json(session);
  });

  router.delete(`${base}/:id`, async (req, res) => {
    if (!(await authorized(req, res, "checkout-sessions.write"))) return;
    if (!live(String(req.params.id)))
      return problem(res, 404, "not_found", "No such checkout session");
    sessions.delete(String(req.params.id));
    res.status(204).end();
  });

  return router;
}

import { type KeyObject, createPublicKey, randomUUID } from "node:crypto";
import type { Gr4vyEmbedClaim } from "@widget-tokens/shared";
import express, { type Response, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { serveFramePage, serveScript } from "../serve.js";
import { gr4vyEmbedPage } from "./embed-page.js";
import { gr4vyEmbedScript } from "./embed-script.js";
import { summarizeGr4vy } from "./summarize.js";
import { cardOutcome } from "./test-cards.js";
import { bearerOf, checkApiToken } from "./verify-api-token.js";
import {
  EmbedTokenError,
  type VerifiedEmbedToken,
  checkPinnedOptions,
  verifyEmbedToken,
} from "./verify-embed-token.js";

export interface SandboxGr4vyOptions {
  /** The merchant's instance id. */
  gr4vyId: string;
  /** The merchant's public key (PEM or KeyObject); a private key works too (its public half is used). */
  publicKey: string | KeyObject;
}

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
  buyer: { id?: string; externalIdentifier?: string } | null;
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

const serverError = (res: Response) => {
  res.json({
    error: { type: "error", status: 500, code: "internal_error", message: "Internal error" },
  });
};

/**
 * The Gr4vy stand-in: `GET /gr4vy/gr4vy-embed.js`, the framed page at
 * `GET /gr4vy/embed`, `POST /gr4vy/api/embed-session` (verifies the token and
 * the pinned options), `POST /gr4vy/api/transactions` (the card payment: see
 * `GR4VY_TEST_CARDS`; the `decline` fault declines any card) and
 * `GET /gr4vy/api/transactions/:id` (what a merchant's server reads back, with
 * an ES512 API token of its own key and the `transactions.read` scope).
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
  const publicKey =
    typeof options.publicKey !== "string" && options.publicKey.type === "public"
      ? options.publicKey
      : createPublicKey(options.publicKey);
  const script = gr4vyEmbedScript(origin);
  const sessions = new Map<string, EmbedSession>();
  const transactions = new Map<string, SandboxGr4vyTransaction>();
  const router = express.Router();

  const sendError = (res: express.Response, err: unknown) => {
    const e =
      err instanceof EmbedTokenError
        ? err
        : new EmbedTokenError("bad_request", 400, "The request is invalid");
    res.status(e.status).json({
      error: { type: "error", status: e.status, code: e.code, message: e.message },
    });
  };

  serveScript(router, "/gr4vy/gr4vy-embed.js", script);

  serveFramePage(router, "/gr4vy/embed", gr4vyEmbedPage);

  const buyerOf = (token: unknown) => {
    const embed = decodeLoosely(String(token ?? "")).claims?.embed as
      | Record<string, unknown>
      | undefined;
    const buyer = embed?.buyer_external_identifier ?? embed?.buyer_id;
    return typeof buyer === "string" ? buyer : undefined;
  };
  const sessionBuyer = (id: unknown) => {
    const embed = typeof id === "string" ? sessions.get(id)?.token.embed : undefined;
    return embed?.buyer_external_identifier ?? embed?.buyer_id;
  };

  const embedFaults = faultPoint(hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => buyerOf(req.body?.token),
  });

  router.post(
    "/gr4vy/api/embed-session",
    express.json({ limit: "64kb" }),
    embedFaults,
    async (req, res) => {
      const got = await receiveToken(
        hooks,
        req,
        res,
        { provider: "gr4vy", summarize: summarizeGr4vy, kind: "embed", token: req.body?.token },
        async () => {
          const token = await verifyEmbedToken(req.body?.token, publicKey);
          checkPinnedOptions(token, req.body?.options);
          return token;
        },
      );
      try {
        if (!got.ok) throw got.error;
        const token = got.value;
        const now = Date.now();
        for (const [id, s] of sessions) if (s.token.exp * 1000 < now) sessions.delete(id);
        const sessionId = randomUUID();
        sessions.set(sessionId, { token, used: false });
        const embed: Gr4vyEmbedClaim = token.embed;
        res.json({
          sessionId,
          amount: embed.amount,
          currency: embed.currency,
          cartItems: embed.cart_items ?? [],
        });
      } catch (err) {
        sendError(res, err);
      }
    },
  );

  const paymentFaults = faultPoint(hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => sessionBuyer(req.body?.sessionId),
    decline: (res, body) => {
      // The stored transaction is the body: the merchant reads the decline back too.
      (body as SandboxGr4vyTransaction).status = "authorization_declined";
      res.json(body);
    },
  });

  router.post(
    "/gr4vy/api/transactions",
    express.json({ limit: "4kb" }),
    paymentFaults,
    (req, res) => {
      const id = typeof req.body?.sessionId === "string" ? req.body.sessionId : "";
      const session = sessions.get(id);
      if (!session || session.used) {
        sendError(res, new EmbedTokenError("bad_request", 400, "No such payment form session"));
        return;
      }
      if (session.token.exp * 1000 <= Date.now()) {
        sendError(res, new EmbedTokenError("unauthorized", 401, "The embed token has expired"));
        return;
      }
      const card = req.body?.card ?? {};
      const number = typeof card.number === "string" ? card.number : "";
      if (
        !/^\d{12,19}$/.test(number) ||
        typeof card.cvv !== "string" ||
        !/^\d{3,4}$/.test(card.cvv)
      ) {
        sendError(res, new EmbedTokenError("bad_request", 400, "The card details are invalid"));
        return;
      }
      session.used = true;
      const embed = session.token.embed;
      const outcome = cardOutcome(number);
      const tx: SandboxGr4vyTransaction = {
        type: "transaction",
        id: randomUUID(),
        status: outcome.status,
        amount: embed.amount,
        currency: embed.currency,
        buyer:
          embed.buyer_id || embed.buyer_external_identifier
            ? { id: embed.buyer_id, externalIdentifier: embed.buyer_external_identifier }
            : null,
        metadata: embed.metadata ?? null,
        cartItems: embed.cart_items ?? null,
        paymentMethod: {
          type: "payment-method",
          id: randomUUID(),
          method: "card",
          scheme: outcome.scheme,
          label: number.slice(-4),
        },
        checkoutSessionId: session.token.checkoutSessionId ?? null,
        createdAt: new Date().toISOString(),
      };
      transactions.set(tx.id, tx);
      res.status(201).json(tx);
    },
  );

  const readFaults = faultPoint(hooks, {
    provider: "gr4vy",
    serverError,
    userOf: (req) => {
      const buyer = transactions.get(String(req.params.id))?.buyer;
      return buyer?.externalIdentifier ?? buyer?.id;
    },
  });

  router.get("/gr4vy/api/transactions/:id", readFaults, async (req, res) => {
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
      () => checkApiToken(authorization, publicKey, "transactions.read"),
    );
    if (!got.ok) {
      res.status(401).json({
        error: { type: "error", status: 401, code: "unauthorized", message: "No valid API token" },
      });
      return;
    }
    const tx = transactions.get(String(req.params.id));
    if (!tx) {
      res.status(404).json({
        error: { type: "error", status: 404, code: "not_found", message: "No such transaction" },
      });
      return;
    }
    res.json(tx);
  });

  return router;
}

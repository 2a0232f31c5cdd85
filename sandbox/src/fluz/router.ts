import { createSecretKey, randomBytes, randomUUID } from "node:crypto";
import express, { type Response, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { serveFramePage, serveScript } from "../serve.js";
import { fluzModalPage } from "./modal-page.js";
import { summarizeFluz } from "./summarize.js";
import { PatTokenError, verifyPatToken } from "./verify-pat-token.js";
import { fluzWidgetScript } from "./widget-script.js";

export interface SandboxFluzOptions {
  apiKey: string;
  apiSecret: string;
}

interface Session {
  amount: number;
  transactionType: string;
  externalId: string;
  jti: string;
  confirmed: boolean;
}

const serverError = (res: Response) => {
  res.json({ error: { code: "INTERNAL_ERROR", message: "Fluz is unavailable, try again later" } });
};

/**
 * The Fluz stand-in: `GET /fluz/widget.js`, the modal at `GET /fluz/modal`,
 * and its API. `POST /fluz/api/verify` checks the patToken and spends its
 * `jti` (a token opens the widget once); `POST /fluz/api/confirm` approves
 * the transfer (the `decline` fault refuses it: 402 `TRANSFER_DECLINED`).
 * Mount it at the root of an app; `origin` is where that app is served.
 *
 * @example
 * const hooks = createSandboxHooks();
 * app.use(sandboxFluz({ apiKey, apiSecret }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxFluz(
  options: SandboxFluzOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const secret = createSecretKey(Buffer.from(options.apiSecret, "utf8"));
  const usedJti = new Map<string, number>();
  const sessions = new Map<string, Session>();
  const script = fluzWidgetScript(origin);
  const router = express.Router();
  const sessionOf = (id: unknown) => (typeof id === "string" ? sessions.get(id) : undefined);

  serveScript(router, "/fluz/widget.js", script);

  serveFramePage(router, "/fluz/modal", fluzModalPage);

  router.post(
    "/fluz/api/verify",
    express.json({ limit: "8kb" }),
    faultPoint(hooks, {
      provider: "fluz",
      serverError,
      userOf: (req) => {
        const externalId = decodeLoosely(String(req.body?.token ?? "")).claims?.externalId;
        return typeof externalId === "string" ? externalId : undefined;
      },
    }),
    async (req, res) => {
      const token = req.body?.token;
      const got = await receiveToken(
        hooks,
        req,
        res,
        { provider: "fluz", summarize: summarizeFluz, kind: "patToken", token },
        async () => {
          const claims = await verifyPatToken(token, secret, options.apiKey);
          const now = Date.now();
          for (const [jti, exp] of usedJti) if (exp < now) usedJti.delete(jti);
          if (usedJti.has(claims.jti)) {
            throw new PatTokenError("TOKEN_ALREADY_USED", "This patToken was already used", {
              verdict: "replayed",
              reason: `jti ${claims.jti} was already used: a patToken opens the widget once`,
            });
          }
          usedJti.set(claims.jti, claims.exp * 1000);
          return claims;
        },
      );
      if (!got.ok) {
        const err = got.error;
        const code = err instanceof PatTokenError ? err.code : "INVALID_TOKEN";
        const message = err instanceof PatTokenError ? err.message : "patToken is invalid";
        res.status(401).json({ error: { code, message } });
        return;
      }
      const claims = got.value;
      const sessionId = randomUUID();
      sessions.set(sessionId, { ...claims, confirmed: false });
      res.json({
        sessionId,
        amount: claims.amount,
        transactionType: claims.transactionType,
        externalId: claims.externalId,
        jti: claims.jti,
      });
    },
  );

  router.post(
    "/fluz/api/confirm",
    express.json({ limit: "2kb" }),
    faultPoint(hooks, {
      provider: "fluz",
      serverError,
      userOf: (req) => sessionOf(req.body?.sessionId)?.externalId,
      decline: (res) => {
        res.status(402).json({
          error: {
            code: "TRANSFER_DECLINED",
            message: "Fluz declined this transfer (sandbox decline switch)",
          },
        });
      },
    }),
    (req, res) => {
      const session = sessionOf(req.body?.sessionId);
      if (!session || session.confirmed) {
        res
          .status(404)
          .json({ error: { code: "UNKNOWN_SESSION", message: "No such open transaction" } });
        return;
      }
      session.confirmed = true;
      res.json({
        transactionId: `fluz_tx_${randomBytes(6).toString("hex")}`,
        status: "APPROVED",
        amount: session.amount,
        transactionType: session.transactionType,
        externalId: session.externalId,
      });
    },
  );

  return router;
}

import { createSecretKey, randomBytes, randomUUID } from "node:crypto";
import express, { type Router } from "express";
import { serveFramePage, serveScript } from "../serve.js";
import { fluzModalPage } from "./modal-page.js";
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

/**
 * The Fluz stand-in: `GET /fluz/widget.js`, the modal at `GET /fluz/modal`,
 * and its API. `POST /fluz/api/verify` checks the patToken and spends its
 * `jti` (a token opens the widget once); `POST /fluz/api/confirm` approves.
 */
export function sandboxFluz(options: SandboxFluzOptions, origin: string): Router {
  const secret = createSecretKey(Buffer.from(options.apiSecret, "utf8"));
  const usedJti = new Map<string, number>();
  const sessions = new Map<string, Session>();
  const script = fluzWidgetScript(origin);
  const router = express.Router();

  serveScript(router, "/fluz/widget.js", script);

  serveFramePage(router, "/fluz/modal", fluzModalPage);

  router.post("/fluz/api/verify", express.json({ limit: "8kb" }), async (req, res) => {
    try {
      const claims = await verifyPatToken(req.body?.token, secret, options.apiKey);
      const now = Date.now();
      for (const [jti, exp] of usedJti) if (exp < now) usedJti.delete(jti);
      if (usedJti.has(claims.jti))
        throw new PatTokenError("TOKEN_ALREADY_USED", "This patToken was already used");
      usedJti.set(claims.jti, claims.exp * 1000);
      const sessionId = randomUUID();
      sessions.set(sessionId, { ...claims, confirmed: false });
      res.json({
        sessionId,
        amount: claims.amount,
        transactionType: claims.transactionType,
        externalId: claims.externalId,
        jti: claims.jti,
      });
    } catch (err) {
      const code = err instanceof PatTokenError ? err.code : "INVALID_TOKEN";
      const message = err instanceof PatTokenError ? err.message : "patToken is invalid";
      res.status(401).json({ error: { code, message } });
    }
  });

  router.post("/fluz/api/confirm", express.json({ limit: "2kb" }), (req, res) => {
    const session =
      typeof req.body?.sessionId === "string" ? sessions.get(req.body.sessionId) : undefined;
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
  });

  return router;
}

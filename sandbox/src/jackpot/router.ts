import { createHash, createSecretKey, randomBytes } from "node:crypto";
import { JWT_BEARER_GRANT } from "@widget-tokens/shared";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { serveFramePage, serveScript } from "../serve.js";
import { type JackpotSandboxControl, jackpotSandboxControl } from "./control.js";
import { GrantError, verifyAssertion } from "./verify-assertion.js";
import { jackpotWidgetPage } from "./widget-page.js";
import { jackpotWidgetScript } from "./widget-script.js";

export interface SandboxJackpotOptions {
  apiKey: string;
  apiSignature: string;
  /** Session token lifetime in seconds. Default 3600. */
  sessionTtlSeconds?: number;
  /** Oldest accepted `iat`, in seconds. Default 300. */
  maxAssertionAgeSeconds?: number;
  /** Fault switches and the exchange ledger, for tests. Default: a private one. */
  control?: JackpotSandboxControl;
}

interface Session {
  amount: number;
  userId: string;
  notificationKey: string;
  expiresAt: number;
  converted: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * The Jackpot stand-in.
 * - `POST /jackpot/v2/token`: the OAuth 2.0 JWT-bearer grant (RFC 7523), JSON
 *   `{grant_type, client_id, assertion}` → `{access_token, token_type, expires_in}`.
 * - `POST /jackpot/v1/token`: the older shape, header `X-Api-Key`, body
 *   `{token}` → `{sessionToken, expiresIn}`.
 * - `GET /jackpot/widget` (iframe page) and `GET /jackpot/widget.js` (script
 *   defining `window.JackpotWidget.open`), fed by `POST /jackpot/api/session`
 *   and `POST /jackpot/api/convert`.
 * Every assertion is accepted once; a second exchange gets 400 invalid_grant.
 */
export function sandboxJackpot(options: SandboxJackpotOptions, origin: string): Router {
  const key = createSecretKey(Buffer.from(options.apiSignature, "utf8"));
  const ttl = options.sessionTtlSeconds ?? 3600;
  const maxAge = options.maxAssertionAgeSeconds ?? 300;
  const control = options.control ?? jackpotSandboxControl();
  /** Spent assertions (hash → when the entry may be forgotten, ms). */
  const spent = new Map<string, number>();
  const sessions = new Map<string, Session>();
  const script = jackpotWidgetScript(origin);
  const router = express.Router();
  const json = express.json({ limit: "8kb", type: () => true });

  /** Check the assertion, spend it, open a session. */
  async function issue(assertion: unknown): Promise<{ token: string; session: Session }> {
    const now = Date.now();
    const claims = await verifyAssertion(assertion, key, Math.floor(now / 1000), maxAge);
    for (const [hash, until] of spent) if (until < now) spent.delete(hash);
    const ids = [`a:${sha256(assertion as string)}`, `n:${claims.notificationKey}`];
    if (ids.some((id) => spent.has(id))) {
      throw new GrantError("invalid_grant", "assertion was already used");
    }
    for (const id of ids) spent.set(id, (claims.iat + maxAge + 60) * 1000);
    const token = `jps_${randomBytes(24).toString("base64url")}`;
    const session: Session = {
      amount: claims.amount,
      userId: claims.userId,
      notificationKey: claims.notificationKey,
      expiresAt: now + ttl * 1000,
      converted: false,
    };
    sessions.set(token, session);
    return { token, session };
  }

  /** Shared by v1 and v2: ledger, faults, verification, answer. */
  function tokenRoute(
    read: (req: Request) => { clientId: unknown; grantType?: unknown; assertion: unknown },
    answer: (res: Response, token: string) => void,
  ) {
    return async (req: Request, res: Response) => {
      const { clientId, grantType, assertion } = read(req);
      const record = {
        assertion: typeof assertion === "string" ? assertion : "",
        clientId,
        status: 0,
        at: Date.now(),
      } as JackpotSandboxControl["exchanges"][number];
      control.exchanges.push(record);
      res.set("Cache-Control", "no-store").set("Pragma", "no-cache");
      const fail = (status: number, error: string, description: string) => {
        record.status = status;
        record.error = error;
        res.status(status).json({ error, error_description: description });
      };
      if (control.faults.delayMs > 0) await sleep(control.faults.delayMs);
      if (res.destroyed || req.socket.destroyed) return;
      if (grantType !== undefined && grantType !== JWT_BEARER_GRANT) {
        fail(400, "unsupported_grant_type", "grant_type must be the JWT-bearer grant");
        return;
      }
      if (clientId !== options.apiKey) {
        fail(401, "invalid_client", "client authentication failed");
        return;
      }
      let issued: { token: string };
      try {
        issued = await issue(assertion);
      } catch (err) {
        if (!(err instanceof GrantError)) throw err;
        fail(err.status, err.error, err.description);
        return;
      }
      switch (control.faults.mode) {
        case "close-connection":
          req.socket.destroy();
          return;
        case "server-error":
          record.status = 500;
          res.status(500).json({ error: "server_error", error_description: "Internal error" });
          return;
        case "malformed-json":
          record.status = 200;
          res.status(200).type("application/json").send('{"access_token": "jps_');
          return;
        case "non-json":
          record.status = 200;
          res.status(200).type("html").send("<!doctype html><title>Maintenance</title>");
          return;
        case "missing-token":
          record.status = 200;
          res.status(200).json({ token_type: "Bearer", expires_in: ttl });
          return;
        default:
          record.status = 200;
          answer(res, issued.token);
      }
    };
  }

  router.post(
    "/jackpot/v2/token",
    json,
    tokenRoute(
      (req) => ({
        clientId: req.body?.client_id,
        grantType: req.body?.grant_type ?? null,
        assertion: req.body?.assertion,
      }),
      (res, token) => {
        res.json({ access_token: token, token_type: "Bearer", expires_in: ttl });
      },
    ),
  );

  router.post(
    "/jackpot/v1/token",
    json,
    tokenRoute(
      (req) => ({ clientId: req.get("x-api-key"), assertion: req.body?.token }),
      (res, token) => {
        res.json({ sessionToken: token, expiresIn: ttl });
      },
    ),
  );

  // A body that is not JSON: an OAuth error, never an HTML page.
  router.use(
    ["/jackpot/v1/token", "/jackpot/v2/token"],
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      res.status(400).json({ error: "invalid_request", error_description: "body must be JSON" });
    },
  );

  serveScript(router, "/jackpot/widget.js", script);

  serveFramePage(router, "/jackpot/widget", jackpotWidgetPage);

  const liveSession = (token: unknown): Session | undefined => {
    const session = typeof token === "string" ? sessions.get(token) : undefined;
    return session && session.expiresAt > Date.now() ? session : undefined;
  };

  router.post("/jackpot/api/session", express.json({ limit: "2kb" }), (req, res) => {
    const session = liveSession(req.body?.sessionToken);
    if (!session || session.converted) {
      res.status(401).json({
        error: { code: "INVALID_SESSION", message: "This conversion session is invalid or over" },
      });
      return;
    }
    res.json({
      amount: session.amount,
      userId: session.userId,
      expiresAt: new Date(session.expiresAt).toISOString(),
    });
  });

  router.post("/jackpot/api/convert", express.json({ limit: "2kb" }), (req, res) => {
    const session = liveSession(req.body?.sessionToken);
    const code = req.body?.voucherCode;
    if (!session || session.converted) {
      res.status(401).json({
        error: { code: "INVALID_SESSION", message: "This conversion session is invalid or over" },
      });
      return;
    }
    if (typeof code !== "string" || !/^[A-Z0-9-]{6,32}$/i.test(code)) {
      res.status(400).json({
        error: {
          code: "INVALID_VOUCHER",
          message: "Enter the voucher code printed on your ticket",
        },
      });
      return;
    }
    session.converted = true;
    res.json({
      conversionId: `jp_cv_${randomBytes(6).toString("hex")}`,
      status: "CONVERTED",
      amount: session.amount,
    });
  });

  return router;
}

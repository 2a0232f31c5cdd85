import { createHash, createSecretKey, randomBytes } from "node:crypto";
import { JWT_BEARER_GRANT } from "@widget-tokens/shared";
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import { faultPoint } from "../faults/fault-point.js";
import type { FaultPlan } from "../faults/fault-registry.js";
import type { FaultKind, FaultRule, GarbageShape } from "../faults/fault-spec.js";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { serveFramePage, serveScript } from "../serve.js";
import {
  type JackpotExchangeRecord,
  type JackpotFaults,
  type JackpotSandboxControl,
  jackpotSandboxControl,
} from "./control.js";
import { summarizeJackpot } from "./summarize.js";
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
  /**
   * Fault switches and the exchange ledger of the Jackpot stand-in alone
   * (the older test API; `sandbox.faults` and `sandbox.inspect` cover every
   * provider). Its switches win over `sandbox.faults`. Default: a private one.
   */
  control?: JackpotSandboxControl;
}

interface Session {
  amount: number;
  userId: string;
  notificationKey: string;
  expiresAt: number;
  converted: boolean;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** The control object's modes as fault switches. */
const CONTROL_MODES: Record<
  Exclude<JackpotFaults["mode"], "none">,
  { kind: FaultKind; shape?: GarbageShape }
> = {
  "server-error": { kind: "500" },
  "malformed-json": { kind: "garbage", shape: "truncated-json" },
  "non-json": { kind: "garbage", shape: "html" },
  "missing-token": { kind: "garbage", shape: "wrong-shape" },
  "close-connection": { kind: "reset" },
};

function controlPlan(control: JackpotSandboxControl): Partial<FaultPlan> {
  const rule = (kind: FaultKind, extra: Partial<FaultRule> = {}): FaultRule => ({
    id: "jackpot-control",
    kind,
    provider: "jackpot",
    scope: null,
    user: null,
    ms: null,
    shape: null,
    remaining: null,
    createdAt: "",
    ...extra,
  });
  const plan: Partial<FaultPlan> = {};
  if (control.faults.delayMs > 0) plan.slow = rule("slow", { ms: control.faults.delayMs });
  if (control.faults.mode !== "none") {
    const mode = CONTROL_MODES[control.faults.mode];
    plan.failure = rule(mode.kind, { shape: mode.shape ?? null });
  }
  return plan;
}

const serverError = (res: Response) => {
  res.json({ error: "server_error", error_description: "Internal error" });
};

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
 * The `decline` fault refuses an exchange (400 `invalid_grant`, the
 * assertion spent). Mount it at the root of an app served at `origin`.
 *
 * @example
 * app.use(sandboxJackpot({ apiKey, apiSignature }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxJackpot(
  options: SandboxJackpotOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
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
      throw new GrantError("invalid_grant", "assertion was already used", 400, {
        verdict: "replayed",
        reason: spent.has(ids[0]!)
          ? "this assertion was already exchanged: it is accepted once"
          : `notificationKey ${claims.notificationKey} was already used by another assertion`,
      });
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

  type Read = (req: Request) => { clientId: unknown; grantType?: unknown; assertion: unknown };

  /** Shared by v1 and v2: ledger, faults, verification, answer. */
  function tokenRoute(
    read: Read,
    answer: (res: Response, token: string) => void,
    tokenField: string,
  ): RequestHandler[] {
    const ledger: RequestHandler = (req, res, next) => {
      const { clientId, assertion } = read(req);
      const record: JackpotExchangeRecord = {
        assertion: typeof assertion === "string" ? assertion : "",
        clientId,
        status: 0,
        at: Date.now(),
      };
      control.exchanges.push(record);
      res.locals.jackpotExchange = record;
      res.on("finish", () => {
        record.status = res.statusCode;
      });
      next();
    };
    const faults = faultPoint(hooks, {
      provider: "jackpot",
      serverError,
      userOf: (req) => {
        const userId = decodeLoosely(String(read(req).assertion ?? "")).claims?.userId;
        return typeof userId === "string" ? userId : undefined;
      },
      decline: (res) => {
        (res.locals.jackpotExchange as JackpotExchangeRecord).error = "invalid_grant";
        res.status(400).json({
          error: "invalid_grant",
          error_description: "The exchange was refused (sandbox decline switch)",
        });
      },
      wrongShape: (body) => {
        const { [tokenField]: _token, ...rest } = body as Record<string, unknown>;
        return rest;
      },
      override: () => controlPlan(control),
    });
    const handler: RequestHandler = async (req, res) => {
      const { clientId, grantType, assertion } = read(req);
      const record = res.locals.jackpotExchange as JackpotExchangeRecord;
      res.set("Cache-Control", "no-store").set("Pragma", "no-cache");
      const fail = (status: number, error: string, description: string) => {
        record.error = error;
        res.status(status).json({ error, error_description: description });
      };
      const got = await receiveToken(
        hooks,
        req,
        res,
        {
          provider: "jackpot",
          kind: "assertion",
          token: assertion,
          summarize: (claims) => summarizeJackpot(claims, maxAge),
        },
        async () => {
          if (grantType !== undefined && grantType !== JWT_BEARER_GRANT) {
            throw new GrantError(
              "unsupported_grant_type",
              "grant_type must be the JWT-bearer grant",
              400,
              { verdict: "malformed", reason: `grant_type ${JSON.stringify(grantType)}` },
            );
          }
          if (clientId !== options.apiKey) {
            throw new GrantError("invalid_client", "client authentication failed", 401, {
              verdict: "wrong-audience",
              reason: "client_id (X-Api-Key on v1) is not this account's apiKey",
            });
          }
          return issue(assertion);
        },
      );
      if (!got.ok) {
        if (!(got.error instanceof GrantError)) throw got.error;
        fail(got.error.status, got.error.error, got.error.description);
        return;
      }
      answer(res, got.value.token);
    };
    return [ledger, faults, handler];
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
      "access_token",
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
      "sessionToken",
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

  const widgetFaults = faultPoint(hooks, {
    provider: "jackpot",
    userOf: (req) => liveSession(req.body?.sessionToken)?.userId,
    serverError: (res) => {
      res.json({ error: { code: "INTERNAL_ERROR", message: "Jackpot is unavailable" } });
    },
  });

  router.post("/jackpot/api/session", express.json({ limit: "2kb" }), widgetFaults, (req, res) => {
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

  router.post("/jackpot/api/convert", express.json({ limit: "2kb" }), widgetFaults, (req, res) => {
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

import { createSecretKey } from "node:crypto";
import { IMPACT_LOCALE, IMPACT_WIDGET_TYPE, type ImpactUserClaim } from "@widget-tokens/shared";
import express, {
  type ErrorRequestHandler,
  type Request,
  type Response,
  type Router,
} from "express";
import { faultPoint } from "../faults/fault-point.js";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { escapeHtml } from "../html.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { widgetApiCors } from "./cors.js";
import { readSquatchJs } from "./squatch-js.js";
import { summarizeImpact } from "./summarize.js";
import { ImpactApiError, sameUser, verifyUserToken } from "./verify-user-token.js";
import { referralCode, widgetTemplate } from "./widget-template.js";

export interface SandboxImpactOptions {
  accountSid: string;
  authToken: string;
  tenantAlias: string;
  /** Origins allowed to call the widget API. Default: any (the exact origin is echoed). */
  allowedOrigins?: string[];
}

/** Where the sandbox serves squatch-js, below its origin. */
export const SANDBOX_SQUATCH_JS_PATH = "/impact/squatch.js";
/** The `domain` squatch-js is pointed at: the widget API lives below it. */
export const SANDBOX_IMPACT_DOMAIN_PATH = "/impact";

const ENGAGEMENT_MEDIUMS = ["EMBED", "POPUP"];

interface StoredUser extends ImpactUserClaim {
  referralCode: string;
  shareLink: string;
  upsertedAt: string;
}

/**
 * The impact.com (SaaSquatch) stand-in, all below `/impact`:
 * - `GET /impact/squatch.js`: the real squatch-js UMD build from npm, unmodified;
 * - `PUT /impact/api/v1/{tenant}/widget/account/{accountId}/user/{id}/upsert`:
 *   the verified-widget call (token in `X-SaaSquatch-User-Token`);
 * - `POST /impact/api/v1/{tenant}/graphql`: `renderWidget` (token as `Authorization: Bearer`);
 * - `GET /impact/r/{code}`: where a referral link lands.
 * Tokens are checked as impact.com does (see `verifyUserToken`). The
 * `decline` fault refuses the user (403 `USER_BLOCKED`). Mount it at the
 * root of an app served at `origin`.
 *
 * @example
 * app.use(sandboxImpact({ accountSid, authToken, tenantAlias }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxImpact(
  options: SandboxImpactOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const key = createSecretKey(Buffer.from(options.authToken, "utf8"));
  const squatch = readSquatchJs();
  const users = new Map<string, StoredUser>();
  const router = express.Router();
  const api = express.Router({ mergeParams: true });
  const json = express.json({ limit: "16kb", type: () => true });

  router.get(SANDBOX_SQUATCH_JS_PATH, (req, res) => {
    res.set({
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      ETag: squatch.etag,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "X-Squatch-Js-Version",
      "X-Squatch-Js-Version": squatch.version,
    });
    if (req.headers["if-none-match"] === squatch.etag) {
      res.status(304).end();
      return;
    }
    res.send(squatch.body);
  });

  router.get("/impact/r/:code", (req, res) => {
    res
      .type("html")
      .send(
        `<!doctype html><meta charset="utf-8"><title>You were referred</title><p>Referral code ${escapeHtml(req.params.code)}: $20 off your first order (sandbox).</p>`,
      );
  });

  router.use("/impact/api/v1/:tenant", widgetApiCors(options.allowedOrigins), api);

  api.use((req, _res, next) => {
    if (req.params.tenant !== options.tenantAlias) {
      next(new ImpactApiError(404, "TENANT_NOT_FOUND", "No such tenant"));
      return;
    }
    next();
  });

  const bearerOf = (req: Request) => {
    const auth = req.headers.authorization;
    return typeof auth === "string" && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
  };
  const tokenOf = (req: Request) => {
    const header = req.headers["x-saasquatch-user-token"];
    return typeof header === "string" ? header : bearerOf(req);
  };
  const faults = faultPoint(hooks, {
    provider: "impact",
    serverError: (res) => {
      res.json({ message: "Internal error", statusCode: 500, apiErrorCode: "INTERNAL_ERROR" });
    },
    userOf: (req) => {
      const user = decodeLoosely(tokenOf(req) ?? "").claims?.user as { id?: unknown } | undefined;
      return typeof user?.id === "string" ? user.id : undefined;
    },
    decline: (res) => {
      res.status(403).json({
        message: "This user may not use the program (sandbox decline switch)",
        statusCode: 403,
        apiErrorCode: "USER_BLOCKED",
      });
    },
  });
  const mismatch = (message: string) =>
    new ImpactApiError(401, "TOKEN_USER_MISMATCH", message, {
      verdict: "mismatch",
      reason: message,
    });

  api.put(
    "/widget/account/:accountId/user/:userId/upsert",
    json,
    faults,
    async (req, res, next) => {
      try {
        const got = await receiveToken(
          hooks,
          req,
          res,
          {
            provider: "impact",
            summarize: summarizeImpact,
            kind: "user-jwt",
            token: req.headers["x-saasquatch-user-token"],
          },
          async () => {
            const claims = await verifyUserToken(
              req.headers["x-saasquatch-user-token"],
              key,
              options.accountSid,
            );
            const { accountId, userId } = req.params as { accountId: string; userId: string };
            if (claims.user.id !== userId || claims.user.accountId !== accountId) {
              throw mismatch("The user in the path is not the user in the token");
            }
            if (!sameUser(req.body, claims.user)) {
              throw mismatch("The upsert body is not the user in the token");
            }
            return claims;
          },
        );
        if (!got.ok) throw got.error;
        const claims = got.value;
        const { widgetType, engagementMedium, locale } = widgetQuery(req);
        const stored = upsert(claims.user);
        res.json({
          id: stored.id,
          accountId: stored.accountId,
          firstName: stored.firstName ?? null,
          lastName: stored.lastName ?? null,
          email: stored.email ?? null,
          locale: stored.locale ?? null,
          referralCode: stored.referralCode,
          shareLinks: { shareLink: stored.shareLink },
          engagementMedium,
          widgetType,
          jsOptions: {},
          template: widgetTemplate({
            widgetType,
            user: claims.user,
            exp: claims.exp,
            locale,
            referralCode: stored.referralCode,
            shareLink: stored.shareLink,
          }),
        });
      } catch (err) {
        next(err);
      }
    },
  );

  api.post("/graphql", json, faults, async (req, res, next) => {
    try {
      const auth = req.headers.authorization;
      const bearer = bearerOf(req);
      if (auth !== undefined && bearer === undefined) {
        throw new ImpactApiError(401, "TOKEN_INVALID", "Authorization must be a Bearer token");
      }
      const body = req.body as { query?: unknown; variables?: Record<string, unknown> };
      const asked = body?.variables?.user as
        | { id?: unknown; accountId?: unknown }
        | null
        | undefined;
      let claims: Awaited<ReturnType<typeof verifyUserToken>> | undefined;
      if (bearer !== undefined) {
        const got = await receiveToken(
          hooks,
          req,
          res,
          { provider: "impact", summarize: summarizeImpact, kind: "user-jwt", token: bearer },
          async () => {
            const verified = await verifyUserToken(bearer, key, options.accountSid);
            if (
              asked &&
              (asked.id !== verified.user.id || asked.accountId !== verified.user.accountId)
            ) {
              throw mismatch("The user asked for is not the user in the token");
            }
            return verified;
          },
        );
        if (!got.ok) throw got.error;
        claims = got.value;
      }
      if (typeof body?.query !== "string" || !/\brenderWidget\s*\(/.test(body.query)) {
        throw new ImpactApiError(
          400,
          "GRAPHQL_UNSUPPORTED",
          "The sandbox answers the renderWidget query only",
        );
      }
      const vars = (body.variables ?? {}) as Record<string, unknown>;
      const widgetType = vars.widgetType;
      if (typeof widgetType !== "string" || !IMPACT_WIDGET_TYPE.test(widgetType)) {
        throw new ImpactApiError(
          400,
          "WIDGET_TYPE_INVALID",
          "widgetType must be p/<program>/w/<widget>",
        );
      }
      const locale =
        typeof vars.locale === "string" && IMPACT_LOCALE.test(vars.locale)
          ? vars.locale
          : undefined;
      if (asked && !claims) throw mismatch("The user asked for is not the user in the token");
      const stored = claims ? upsert(claims.user) : undefined;
      res.json({
        data: {
          renderWidget: {
            template: widgetTemplate({
              widgetType,
              user: claims?.user,
              exp: claims?.exp,
              locale,
              referralCode: stored?.referralCode,
              shareLink: stored?.shareLink,
            }),
            user: claims ? { id: claims.user.id, accountId: claims.user.accountId } : null,
            jsOptions: {},
            widgetConfig: { values: {} },
          },
        },
      });
    } catch (err) {
      next(err);
    }
  });

  api.use((_req, _res, next) => {
    next(new ImpactApiError(404, "NOT_FOUND", "No such widget API route"));
  });

  const onError: ErrorRequestHandler = (err, _req, res: Response, _next) => {
    const e =
      err instanceof ImpactApiError
        ? err
        : (err as { type?: string }).type === "entity.too.large"
          ? new ImpactApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large")
          : (err as { type?: string }).type === "entity.parse.failed"
            ? new ImpactApiError(400, "JSON_INVALID", "Request body is not valid JSON")
            : new ImpactApiError(500, "INTERNAL_ERROR", "Sandbox error");
    res.status(e.statusCode).set("Cache-Control", "no-store").json(e.toJSON());
  };
  api.use(onError);

  function upsert(user: ImpactUserClaim): StoredUser {
    const code = referralCode(user);
    const stored: StoredUser = {
      ...user,
      referralCode: code,
      shareLink: `${origin}/impact/r/${encodeURIComponent(code)}`,
      upsertedAt: new Date().toISOString(),
    };
    users.set(`${user.accountId}\u0000${user.id}`, stored);
    return stored;
  }

  return router;
}

function widgetQuery(req: Request): {
  widgetType: string;
  engagementMedium: string;
  locale?: string;
} {
  const q = req.query as Record<string, unknown>;
  const widgetType = q.widgetType;
  if (typeof widgetType !== "string" || !IMPACT_WIDGET_TYPE.test(widgetType)) {
    throw new ImpactApiError(
      400,
      "WIDGET_TYPE_INVALID",
      "widgetType must be p/<program>/w/<widget>",
    );
  }
  const engagementMedium = q.engagementMedium ?? "POPUP";
  if (typeof engagementMedium !== "string" || !ENGAGEMENT_MEDIUMS.includes(engagementMedium)) {
    throw new ImpactApiError(
      400,
      "ENGAGEMENT_MEDIUM_INVALID",
      "engagementMedium must be EMBED or POPUP",
    );
  }
  const locale = q.locale;
  if (locale !== undefined && (typeof locale !== "string" || !IMPACT_LOCALE.test(locale))) {
    throw new ImpactApiError(400, "LOCALE_INVALID", "locale must look like en_US");
  }
  return { widgetType, engagementMedium, locale };
}

import { createSecretKey } from "node:crypto";
import { IMPACT_LOCALE, IMPACT_WIDGET_TYPE, type ImpactUserClaim } from "@widget-tokens/shared";
import express, {
  type ErrorRequestHandler,
  type Request,
  type Response,
  type Router,
} from "express";
import { escapeHtml } from "../html.js";
import { widgetApiCors } from "./cors.js";
import { readSquatchJs } from "./squatch-js.js";
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
 * Tokens are checked as impact.com does (see `verifyUserToken`).
 */
export function sandboxImpact(options: SandboxImpactOptions, origin: string): Router {
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

  api.put("/widget/account/:accountId/user/:userId/upsert", json, async (req, res, next) => {
    try {
      const claims = await verifyUserToken(
        req.headers["x-saasquatch-user-token"],
        key,
        options.accountSid,
      );
      const { accountId, userId } = req.params as { accountId: string; userId: string };
      if (claims.user.id !== userId || claims.user.accountId !== accountId) {
        throw new ImpactApiError(
          401,
          "TOKEN_USER_MISMATCH",
          "The user in the path is not the user in the token",
        );
      }
      if (!sameUser(req.body, claims.user)) {
        throw new ImpactApiError(
          401,
          "TOKEN_USER_MISMATCH",
          "The upsert body is not the user in the token",
        );
      }
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
  });

  api.post("/graphql", json, async (req, res, next) => {
    try {
      const auth = req.headers.authorization;
      const bearer =
        typeof auth === "string" && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
      if (auth !== undefined && bearer === undefined) {
        throw new ImpactApiError(401, "TOKEN_INVALID", "Authorization must be a Bearer token");
      }
      const claims =
        bearer === undefined ? undefined : await verifyUserToken(bearer, key, options.accountSid);
      const body = req.body as { query?: unknown; variables?: Record<string, unknown> };
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
      const asked = vars.user as { id?: unknown; accountId?: unknown } | null | undefined;
      if (
        asked &&
        (!claims || asked.id !== claims.user.id || asked.accountId !== claims.user.accountId)
      ) {
        throw new ImpactApiError(
          401,
          "TOKEN_USER_MISMATCH",
          "The user asked for is not the user in the token",
        );
      }
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

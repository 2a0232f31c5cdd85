import { IMPACT_LOCALE } from "@widget-tokens/shared";
import express, { type Request, type RequestHandler, type Router } from "express";
import { receiveToken } from "../inspect/receive-token.js";
import { notifyVerified } from "./notifications.js";
import { type ImpactState, readWidgetType, upsertUser, userMismatch, userView } from "./state.js";
import { summarizeImpact } from "./summarize.js";
import { ImpactApiError, sameUser, verifyUserToken } from "./verify-user-token.js";
import { widgetTemplate } from "./widget-template.js";

const ENGAGEMENT_MEDIUMS = ["EMBED", "POPUP"];

function widgetQuery(req: Request): {
  widgetType: string;
  engagementMedium: string;
  locale?: string | undefined;
} {
  const q = req.query as Record<string, unknown>;
  const widgetType = readWidgetType(q.widgetType);
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

/**
 * `PUT …/widget/account/{accountId}/user/{id}/upsert` (below the tenant's
 * widget API): the verified-widget call, token in `X-SaaSquatch-User-Token`,
 * for the user the path and the body name. A verified widget makes
 * impact.com notify the merchant's server (`notifyVerified`).
 *
 * @example
 * mountUpsert(api, state, faults);
 */
export function mountUpsert(api: Router, state: ImpactState, faults: RequestHandler): void {
  const json = express.json({ limit: "16kb", type: () => true });
  api.put("/widget/account/:accountId/user/:userId/upsert", json, faults, async (req, res) => {
    const token = req.headers["x-saasquatch-user-token"];
    const receipt = {
      provider: "impact",
      summarize: summarizeImpact,
      kind: "user-jwt",
      token,
    } as const;
    const got = await receiveToken(state.hooks, req, res, receipt, async (now) => {
      const claims = await verifyUserToken(token, state.key, state.options.accountSid, now);
      const { accountId, userId } = req.params as { accountId: string; userId: string };
      if (claims.user.id !== userId || claims.user.accountId !== accountId) {
        throw userMismatch("The user in the path is not the user in the token");
      }
      if (!sameUser(req.body, claims.user)) {
        throw userMismatch("The upsert body is not the user in the token");
      }
      return claims;
    });
    if (!got.ok) throw got.error;
    const claims = got.value;
    const { widgetType, engagementMedium, locale } = widgetQuery(req);
    const stored = upsertUser(state, claims.user);
    res.json({
      ...userView(stored),
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
    notifyVerified(state, req, claims, stored, { widgetType, engagementMedium });
  });
}

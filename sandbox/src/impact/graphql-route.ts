import { IMPACT_LOCALE } from "@widget-tokens/shared";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { receiveToken } from "../inspect/receive-token.js";
import { notifyVerified } from "./notifications.js";
import { type ImpactState, bearerOf, readWidgetType, upsertUser, userMismatch } from "./state.js";
import { summarizeImpact } from "./summarize.js";
import { ImpactApiError, verifyUserToken } from "./verify-user-token.js";
import { widgetTemplate } from "./widget-template.js";

type Claims = Awaited<ReturnType<typeof verifyUserToken>>;
type AskedUser = { id?: unknown; accountId?: unknown } | null | undefined;

/** The Bearer token's claims, when there is one (an anonymous widget has none). */
async function claimsOf(
  state: ImpactState,
  req: Request,
  res: Response,
  asked: AskedUser,
): Promise<Claims | undefined> {
  const auth = req.headers.authorization;
  const bearer = bearerOf(req);
  if (auth !== undefined && bearer === undefined) {
    throw new ImpactApiError(401, "TOKEN_INVALID", "Authorization must be a Bearer token");
  }
  if (bearer === undefined) return undefined;
  const receipt = {
    provider: "impact",
    summarize: summarizeImpact,
    kind: "user-jwt",
    token: bearer,
  } as const;
  const got = await receiveToken(state.hooks, req, res, receipt, async (now) => {
    const verified = await verifyUserToken(bearer, state.key, state.options.accountSid, now);
    if (asked && (asked.id !== verified.user.id || asked.accountId !== verified.user.accountId)) {
      throw userMismatch("The user asked for is not the user in the token");
    }
    return verified;
  });
  if (!got.ok) throw got.error;
  return got.value;
}

/** The `renderWidget` variables: the widget type, and a locale when it is well formed. */
function renderVariables(body: { query?: unknown; variables?: Record<string, unknown> }) {
  if (typeof body?.query !== "string" || !/\brenderWidget\s*\(/.test(body.query)) {
    throw new ImpactApiError(
      400,
      "GRAPHQL_UNSUPPORTED",
      "The sandbox answers the renderWidget query only",
    );
  }
  const vars = (body.variables ?? {}) as Record<string, unknown>;
  const widgetType = readWidgetType(vars.widgetType);
  const locale =
    typeof vars.locale === "string" && IMPACT_LOCALE.test(vars.locale) ? vars.locale : undefined;
  return { widgetType, locale };
}

/**
 * `POST …/graphql` (below the tenant's widget API): `renderWidget`, the
 * token as `Authorization: Bearer` (none for an anonymous widget). A
 * verified user makes impact.com notify the merchant's server (`notifyVerified`).
 *
 * @example
 * mountGraphql(api, state, faults);
 */
export function mountGraphql(api: Router, state: ImpactState, faults: RequestHandler): void {
  const json = express.json({ limit: "16kb", type: () => true });
  api.post("/graphql", json, faults, async (req, res) => {
    const body = req.body as { query?: unknown; variables?: Record<string, unknown> };
    const asked = body?.variables?.user as AskedUser;
    const claims = await claimsOf(state, req, res, asked);
    const { widgetType, locale } = renderVariables(body);
    if (asked && !claims) throw userMismatch("The user asked for is not the user in the token");
    const stored = claims ? upsertUser(state, claims.user) : undefined;
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
    if (claims && stored) {
      notifyVerified(state, req, claims, stored, { widgetType, engagementMedium: "EMBED" });
    }
  });
}

import {
  IMPACT_LOCALE,
  type ImpactTokenResponse,
  type ImpactUserClaim,
  type ImpactUserClaims,
  TOKEN_ROUTES,
} from "@widget-tokens/shared";
import { WidgetTokensError, invalidRequest } from "../errors.js";
import { hmacKey } from "../jwt/hmac-key.js";
import { hs256Signer } from "../jwt/hs256.js";
import { optionalFunction, requireRecord, requireString } from "../options/check.js";
import { parseDuration } from "../options/duration.js";
import type { WidgetUser } from "../user.js";
import { type ProviderDefinition, defineRoute } from "./provider.js";

export interface ImpactOptions {
  /** Your impact.com account SID: the `kid` header of every token. */
  accountSid: string;
  /** Your impact.com auth token: the HS256 key. At least 32 bytes. */
  authToken: string;
  /** Your SaaSquatch tenant alias (what squatch-js calls `tenantAlias`). */
  tenantAlias: string;
  /** Token lifetime: seconds or "15m", "1h". Default "1h", at most "1d". */
  expiresIn?: number | string;
  /**
   * Map the signed-in user to their impact.com account id. Default: the user's
   * own id (one account per user).
   */
  accountId?: (user: WidgetUser) => string | Promise<string>;
}

interface ImpactRequest {
  locale: string | undefined;
}

/** Default token lifetime, in seconds. */
export const IMPACT_DEFAULT_EXPIRES_IN = 3600;
const IMPACT_MAX_EXPIRES_IN = 86_400;
const MAX_ACCOUNT_ID_LENGTH = 255;
const PROFILE_FIELDS = ["firstName", "lastName", "email"] as const;

/**
 * impact.com (SaaSquatch) user JWTs for `<impact-embed>`: HS256 with the
 * auth token, header `{alg: "HS256", typ: "JWT", kid: accountSid}`, payload
 * `{user: {id, accountId, firstName?, lastName?, email?, locale?}, exp}`.
 * Who the user is comes from `identify()` only; the body may ask for a locale.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: { impact: { accountSid: "IRxxxx", authToken: process.env.IMPACT_AUTH_TOKEN, tenantAlias: "test_abc" } },
 * });
 */
export const impact: ProviderDefinition = {
  id: "impact",
  create(config, env) {
    const o = requireRecord(config, env.option);
    const accountSid = requireString(o.accountSid, `${env.option}.accountSid`);
    requireString(o.tenantAlias, `${env.option}.tenantAlias`);
    const key = hmacKey(o.authToken, `${env.option}.authToken`, env.logger);
    env.registerSecret(o.authToken as string);
    const expiresIn = parseDuration(
      o.expiresIn,
      `${env.option}.expiresIn`,
      IMPACT_DEFAULT_EXPIRES_IN,
      IMPACT_MAX_EXPIRES_IN,
    );
    const accountIdHook = optionalFunction<NonNullable<ImpactOptions["accountId"]>>(
      o.accountId,
      `${env.option}.accountId`,
    );
    const sign = hs256Signer(key, { typ: "JWT", kid: accountSid });

    const route = defineRoute<ImpactRequest>({
      method: "POST",
      path: TOKEN_ROUTES.impact,
      parse(body) {
        for (const name of Object.keys(body)) {
          if (name !== "locale") {
            throw invalidRequest(name, `${name} is not accepted: the body may carry only locale`);
          }
        }
        const locale = body.locale;
        if (locale !== undefined && (typeof locale !== "string" || !IMPACT_LOCALE.test(locale))) {
          throw invalidRequest("locale", "locale must look like en_US");
        }
        return { locale };
      },
      async handle({ user, request, now }) {
        const accountId = accountIdHook ? await accountIdHook(user) : user.id;
        if (
          typeof accountId !== "string" ||
          accountId.length === 0 ||
          accountId.length > MAX_ACCOUNT_ID_LENGTH
        ) {
          throw new WidgetTokensError(
            "INTERNAL_ERROR",
            `${env.option}.accountId returned an invalid account id (expected a non-empty string)`,
          );
        }
        const claim: ImpactUserClaim = { id: user.id, accountId };
        for (const field of PROFILE_FIELDS) {
          const value = user[field];
          if (typeof value === "string" && value.length > 0) claim[field] = value;
        }
        const locale = request.locale ?? userLocale(user.locale);
        if (locale !== undefined) claim.locale = locale;
        const claims: ImpactUserClaims = {
          user: claim,
          exp: Math.floor(now() / 1000) + expiresIn,
        };
        const expiresAt = new Date(claims.exp * 1000);
        const body: ImpactTokenResponse = {
          token: sign(claims as unknown as Record<string, unknown>),
          expiresAt: expiresAt.toISOString(),
        };
        return { body, expiresAt };
      },
    });
    return { routes: [route] };
  },
};

/** The user's own locale, when it is one impact.com accepts ("en-US" counts as en_US). */
function userLocale(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const locale = value.replace(/-/g, "_");
  return IMPACT_LOCALE.test(locale) ? locale : undefined;
}

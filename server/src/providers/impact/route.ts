import { randomUUID } from "node:crypto";
import {
  IMPACT_LOCALE,
  type ImpactTokenResponse,
  type ImpactUserClaim,
  type ImpactUserClaims,
  TOKEN_ROUTES,
} from "@widget-tokens/shared";
import { ServiceError } from "../../errors.js";
import { hs256Signer } from "../../jwt/sign-hs256.js";
import type { LedgerService } from "../../ledger/ledger.js";
import { IMPACT_LEDGER } from "../../notifications/impact-adapter.js";
import { type ProviderRoute, defineRoute } from "../provider.js";
import type { ImpactConfig } from "./options.js";

/** The validated body of `POST /impact/user-token`, as `authorize` sees it. */
export interface ImpactRequest {
  /** Like `en_US`; undefined when the body asks for none. */
  locale: string | undefined;
}

const MAX_ACCOUNT_ID_LENGTH = 255;

const PROFILE_FIELDS = ["firstName", "lastName", "email"] as const;

/**
 * `POST /impact/user-token`: an impact.com (SaaSquatch) user JWT for
 * `<impact-embed>`: HS256 with the auth token, header `{alg: "HS256", typ:
 * "JWT", kid: accountSid}`, payload `{user: {id, accountId, firstName?,
 * lastName?, email?, locale?}, jti, exp}`. Who the user is comes from
 * `identify()` only; the body may ask for a locale. Each token is a ledger
 * entry under its `jti` (`IMPACT_LEDGER`).
 *
 * @example
 * const route = impactRoute(readImpactOptions(config, env), env.ledger);
 */
export function impactRoute(
  config: ImpactConfig,
  ledger: LedgerService,
): ProviderRoute<ImpactRequest> {
  const { option, expiresIn, accountId: accountIdHook } = config;
  const sign = hs256Signer(config.key, { typ: "JWT", kid: config.accountSid });

  return defineRoute<ImpactRequest>({
    method: "POST",
    path: TOKEN_ROUTES.impact,
    body: {
      fields: {
        locale: {
          type: "string",
          optional: true,
          pattern: IMPACT_LOCALE,
          format: "look like en_US",
        },
      },
      otherKeys: { refuse: "the body may carry only locale" },
    },
    async handle({ user, request, store, now }) {
      const accountId = accountIdHook ? await accountIdHook(user) : user.id;
      if (
        typeof accountId !== "string" ||
        accountId.length === 0 ||
        accountId.length > MAX_ACCOUNT_ID_LENGTH
      ) {
        throw new ServiceError(
          "INTERNAL_ERROR",
          `${option}.accountId returned an invalid account id (expected a non-empty string)`,
        );
      }
      const claim: ImpactUserClaim = { id: user.id, accountId };
      for (const field of PROFILE_FIELDS) {
        const value = user[field];
        if (typeof value === "string" && value.length > 0) claim[field] = value;
      }
      const locale = request.locale ?? userLocale(user.locale);
      if (locale !== undefined) claim.locale = locale;
      const issuedAt = Math.floor(now() / 1000);
      const claims: ImpactUserClaims = {
        user: claim,
        jti: randomUUID(),
        exp: issuedAt + expiresIn,
      };
      const expiresAt = new Date(claims.exp * 1000);
      // The widget's entry in the ledger: what impact.com's notification settles.
      await ledger.record(
        {
          key: claims.jti,
          provider: "impact",
          userId: user.id,
          ...IMPACT_LEDGER,
          issuedAt: new Date(issuedAt * 1000),
          expiresAt,
        },
        store,
      );
      const body: ImpactTokenResponse = {
        token: sign(claims),
        jti: claims.jti,
        expiresAt: expiresAt.toISOString(),
      };
      return { body, expiresAt };
    },
  });
}

/** The user's own locale, when it is one impact.com accepts ("en-US" counts as en_US). */
function userLocale(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const locale = value.replace(/-/g, "_");
  return IMPACT_LOCALE.test(locale) ? locale : undefined;
}

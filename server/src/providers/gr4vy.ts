import { randomUUID } from "node:crypto";
import {
  GR4VY_UUID,
  type Gr4vyCheckout,
  Gr4vyCheckoutError,
  type Gr4vyEmbedClaims,
  type Gr4vyTokenResponse,
  TOKEN_ROUTES,
  checkCheckout,
} from "@widget-tokens/shared";
import { WidgetTokensError, WidgetTokensOptionError, invalidRequest } from "../errors.js";
import type { Request } from "../http/types.js";
import { es512Signer } from "../jwt/es512.js";
import { jwkThumbprint } from "../jwt/jwk-thumbprint.js";
import { p521PrivateKey } from "../jwt/p521-key.js";
import {
  optionalFunction,
  optionalNumber,
  optionalString,
  requireFunction,
  requireRecord,
  requireString,
} from "../options/check.js";
import { parseDuration } from "../options/duration.js";
import type { WidgetUser } from "../user.js";

import { type ProviderDefinition, defineRoute } from "./provider.js";

/**
 * What `@gr4vy/sdk` 1.10.18 writes as `iss` (its user agent). Gr4vy does not
 * check it; the default keeps tokens identical to the SDK's.
 */
export const GR4VY_SDK_ISSUER = "speakeasy-sdk/typescript 1.10.18 2.856.1 1.0.0 @gr4vy/sdk";

/** What the `checkout` hook gets besides the request and the user. */
export interface Gr4vyCheckoutContext {
  /** The validated `checkoutSessionId` of the body, if any. */
  checkoutSessionId?: string;
}

/** What `onIssued` receives for each minted embed token. */
export interface Gr4vyIssued {
  jti: string;
  user: WidgetUser;
  checkout: Gr4vyCheckout;
  checkoutSessionId?: string;
  expiresAt: Date;
}

export interface Gr4vyOptions {
  /** Your Gr4vy instance id (the `{gr4vyId}` of `api.{gr4vyId}.gr4vy.app`). */
  gr4vyId: string;
  /** The merchant's P-521 private key: a PEM string, a PEM file path or a `KeyObject`. */
  privateKey: string | import("node:crypto").KeyObject;
  /** Told to the browser with each token. Default "sandbox". */
  environment?: "sandbox" | "production";
  /**
   * The server-side cart: amount (minor units), currency, buyer, cart items,
   * metadata… Never from the browser. Throw a `WidgetTokensError` to refuse
   * (an empty cart, say).
   */
  checkout: (
    req: Request,
    user: WidgetUser,
    ctx: Gr4vyCheckoutContext,
  ) => Gr4vyCheckout | Promise<Gr4vyCheckout>;
  /** Token lifetime: seconds or "15m", "1h". Default "1h" (as the SDK). */
  expiresIn?: number | string;
  /** Largest amount, in minor units. Default 99999999. */
  maxAmount?: number;
  /** Most cart items in one token. Default 50. */
  maxCartItems?: number;
  /** Most metadata keys. Default 20. */
  maxMetadataKeys?: number;
  /** The `iss` claim. Default `GR4VY_SDK_ISSUER`, what Gr4vy's SDK writes. */
  issuer?: string;
  /** Record the checkout before the token leaves. */
  onIssued?: (issued: Gr4vyIssued) => void | Promise<void>;
}

interface Gr4vyRequest {
  checkoutSessionId?: string;
}

const GR4VY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Gr4vy Embed tokens: ES512 with the merchant's P-521 key, header `kid` = the
 * key's RFC 7638 thumbprint, claims `scopes: ["embed"]`, `embed: {…}`,
 * `checkout_session_id?`, `iss, iat, nbf, exp, jti`: what `getEmbedToken` of
 * `@gr4vy/sdk` makes. Signing runs on libuv's thread pool.
 */
export const gr4vy: ProviderDefinition = {
  id: "gr4vy",
  create(config, env) {
    const o = requireRecord(config, env.option);
    const gr4vyId = requireString(o.gr4vyId, `${env.option}.gr4vyId`);
    if (!GR4VY_ID.test(gr4vyId)) {
      throw new WidgetTokensOptionError(
        `${env.option}.gr4vyId`,
        "must be lowercase letters, digits and dashes",
      );
    }
    const environment = optionalString(o.environment, `${env.option}.environment`) ?? "sandbox";
    if (environment !== "sandbox" && environment !== "production") {
      throw new WidgetTokensOptionError(
        `${env.option}.environment`,
        'must be "sandbox" or "production"',
      );
    }
    if (typeof o.privateKey === "string") env.registerSecret(o.privateKey);
    const key = p521PrivateKey(o.privateKey, `${env.option}.privateKey`);
    const checkout = requireFunction<Gr4vyOptions["checkout"]>(
      o.checkout,
      `${env.option}.checkout`,
    );
    const expiresIn = parseDuration(o.expiresIn, `${env.option}.expiresIn`, 3600);
    const limits = {
      maxAmount: optionalNumber(o.maxAmount, `${env.option}.maxAmount`, 99_999_999, {
        min: 0,
        max: 99_999_999,
        integer: true,
      }),
      maxCartItems: optionalNumber(o.maxCartItems, `${env.option}.maxCartItems`, 50, {
        min: 0,
        max: 249,
        integer: true,
      }),
      maxMetadataKeys: optionalNumber(o.maxMetadataKeys, `${env.option}.maxMetadataKeys`, 20, {
        min: 0,
        max: 100,
        integer: true,
      }),
    };
    const issuer = optionalString(o.issuer, `${env.option}.issuer`) ?? GR4VY_SDK_ISSUER;
    const onIssued = optionalFunction<NonNullable<Gr4vyOptions["onIssued"]>>(
      o.onIssued,
      `${env.option}.onIssued`,
    );
    // Header and key id computed once; each request only signs.
    const sign = es512Signer(key, { typ: "JWT", kid: jwkThumbprint(key) });

    const route = defineRoute<Gr4vyRequest>({
      method: "POST",
      path: TOKEN_ROUTES.gr4vy,
      parse(body) {
        for (const field of Object.keys(body)) {
          if (field !== "checkoutSessionId") {
            throw invalidRequest(
              field,
              `${field} is not accepted: amount, currency, buyer and cart come from the server`,
            );
          }
        }
        const id = body.checkoutSessionId;
        if (id === undefined || id === null) return {};
        if (typeof id !== "string" || !GR4VY_UUID.test(id)) {
          throw invalidRequest("checkoutSessionId", "checkoutSessionId must be a UUID");
        }
        return { checkoutSessionId: id };
      },
      async handle({ user, request, req, store, logger, now }) {
        const output: unknown = await checkout(req, user, { ...request });
        let checked: ReturnType<typeof checkCheckout>;
        try {
          checked = checkCheckout(output, limits);
        } catch (err) {
          if (!(err instanceof Gr4vyCheckoutError)) throw err;
          logger.error(`widget-tokens: gr4vy checkout() returned an invalid value: ${err.message}`);
          throw new WidgetTokensError("INTERNAL_ERROR", "Internal error");
        }
        const iat = Math.floor(now() / 1000);
        const claims: Gr4vyEmbedClaims = {
          scopes: ["embed"],
          ...(request.checkoutSessionId ? { checkout_session_id: request.checkoutSessionId } : {}),
          embed: checked.embed,
          iat,
          nbf: iat,
          exp: iat + expiresIn,
          iss: issuer,
          jti: randomUUID(),
        } as Gr4vyEmbedClaims;
        const expiresAt = new Date(claims.exp * 1000);
        await store.set(`jti:gr4vy:${claims.jti}`, user.id, expiresIn * 1000);
        await onIssued?.({
          jti: claims.jti,
          user,
          checkout: checked.checkout,
          checkoutSessionId: request.checkoutSessionId,
          expiresAt,
        });
        const token = await sign(claims as unknown as Record<string, unknown>);
        const body: Gr4vyTokenResponse = {
          token,
          jti: claims.jti,
          expiresAt: expiresAt.toISOString(),
          ...checked.checkout,
          ...(request.checkoutSessionId ? { checkoutSessionId: request.checkoutSessionId } : {}),
          gr4vyId,
          environment,
        };
        return { body, expiresAt };
      },
    });
    return { routes: [route] };
  },
};

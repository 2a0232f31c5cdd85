import type { KeyObject } from "node:crypto";
import type { Gr4vyCheckout } from "@widget-tokens/shared";
import type { Request } from "express";
import { p521PrivateKey } from "../../jwt/p521-key.js";
import type { WidgetUser } from "../../user.js";
import { readOptions } from "../../validation/read-options.js";
import type { ProviderEnv } from "../provider.js";

/**
 * What `@gr4vy/sdk` 1.10.18 writes as `iss` (its user agent). Gr4vy does not
 * check it; the default keeps tokens identical to the SDK's.
 */
export const GR4VY_SDK_ISSUER = "speakeasy-sdk/typescript 1.10.18 2.856.1 1.0.0 @gr4vy/sdk";

/** What the `checkout` hook gets besides the request and the user. */
export interface Gr4vyCheckoutContext {
  /** The validated `checkoutSessionId` of the body, if any. */
  checkoutSessionId?: string | undefined;
}

/** What `onIssued` receives for each minted embed token. */
export interface Gr4vyIssued {
  jti: string;
  user: WidgetUser;
  checkout: Gr4vyCheckout;
  checkoutSessionId?: string | undefined;
  expiresAt: Date;
}

/** `providers.gr4vy`. */
export interface Gr4vyOptions {
  /** Your Gr4vy instance id (the `{gr4vyId}` of `api.{gr4vyId}.gr4vy.app`). */
  gr4vyId: string;
  /** The merchant's P-521 private key: a PEM string, a PEM file path or a `KeyObject`. */
  privateKey: string | KeyObject;
  /** Told to the browser with each token. Default "sandbox". */
  environment?: "sandbox" | "production" | undefined;
  /**
   * The server-side cart: amount (minor units), currency, buyer, cart items,
   * metadata… Never from the browser. Throw a `WidgetTokensError` to refuse
   * (an empty cart, say). `req` is Express's request: your session is on it.
   */
  checkout: (
    req: Request,
    user: WidgetUser,
    ctx: Gr4vyCheckoutContext,
  ) => Gr4vyCheckout | Promise<Gr4vyCheckout>;
  /** Token lifetime: seconds or "15m", "1h". Default "1h" (as the SDK). */
  expiresIn?: number | string | undefined;
  /** Largest amount, in minor units. Default 99999999. */
  maxAmount?: number | undefined;
  /** Most cart items in one token. Default 50. */
  maxCartItems?: number | undefined;
  /** Most metadata keys. Default 20. */
  maxMetadataKeys?: number | undefined;
  /** The `iss` claim. Default `GR4VY_SDK_ISSUER`, what Gr4vy's SDK writes. */
  issuer?: string | undefined;
  /** Record the checkout before the token leaves. */
  onIssued?: ((issued: Gr4vyIssued) => unknown) | undefined;
  /**
   * Create a Gr4vy checkout session server-side (cart and metadata from
   * `checkout`), reuse it within its hour, and pin its id in the embed
   * token; the browser can no longer send one. Default false.
   */
  checkoutSessions?: boolean | undefined;
  /**
   * Gr4vy's API, for checkout sessions and `confirmGr4vyTransaction`.
   * Default `https://api.sandbox.<gr4vyId>.gr4vy.app` (sandbox) or
   * `https://api.<gr4vyId>.gr4vy.app` (production).
   */
  apiUrl?: string | undefined;
  /** Deadline of one API call, in ms. Default 5000. */
  timeoutMs?: number | undefined;
}

/** `providers.gr4vy`, read and checked. */
export interface Gr4vyConfig {
  gr4vyId: string;
  environment: "sandbox" | "production";
  key: KeyObject;
  checkout: Gr4vyOptions["checkout"];
  /** Seconds. */
  expiresIn: number;
  limits: { maxAmount: number; maxCartItems: number; maxMetadataKeys: number };
  issuer: string;
  onIssued: Gr4vyOptions["onIssued"];
  checkoutSessions: boolean;
  apiUrl: URL;
  timeoutMs: number;
}

const GR4VY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Read `providers.gr4vy` once: the private key is parsed here (a PEM string,
 * a file path or a `KeyObject`, P-521 only), never per request.
 *
 * @example
 * const config = readGr4vyOptions({ gr4vyId: "acme", privateKey: pem, checkout }, env);
 */
export function readGr4vyOptions(value: unknown, env: ProviderEnv): Gr4vyConfig {
  const o = readOptions<Gr4vyOptions>(value, env.option, {
    gr4vyId: true,
    privateKey: true,
    environment: true,
    checkout: true,
    expiresIn: true,
    maxAmount: true,
    maxCartItems: true,
    maxMetadataKeys: true,
    issuer: true,
    onIssued: true,
    checkoutSessions: true,
    apiUrl: true,
    timeoutMs: true,
  });
  const gr4vyId = o.string("gr4vyId");
  if (!GR4VY_ID.test(gr4vyId)) {
    throw o.fail("gr4vyId", "must be lowercase letters, digits and dashes");
  }
  const environment = o.oneOf("environment", ["sandbox", "production"], "sandbox");
  const privateKey = o.value("privateKey");
  if (typeof privateKey === "string") env.registerSecret(privateKey);
  const key = p521PrivateKey(privateKey, o.path("privateKey"));
  const checkout = o.function("checkout");
  const expiresIn = o.duration("expiresIn", 3600);
  const limits = {
    maxAmount: o.number("maxAmount", 99_999_999, { min: 0, max: 99_999_999, integer: true }),
    maxCartItems: o.number("maxCartItems", 50, { min: 0, max: 249, integer: true }),
    maxMetadataKeys: o.number("maxMetadataKeys", 20, { min: 0, max: 100, integer: true }),
  };
  return {
    gr4vyId,
    environment,
    key,
    checkout,
    expiresIn,
    limits,
    issuer: o.optionalString("issuer") ?? GR4VY_SDK_ISSUER,
    onIssued: o.optionalFunction("onIssued"),
    checkoutSessions: o.boolean("checkoutSessions", false),
    apiUrl: o.has("apiUrl")
      ? o.url("apiUrl")
      : new URL(
          environment === "production"
            ? `https://api.${gr4vyId}.gr4vy.app`
            : `https://api.sandbox.${gr4vyId}.gr4vy.app`,
        ),
    timeoutMs: o.number("timeoutMs", 5000, { min: 1, max: 120_000, integer: true }),
  };
}

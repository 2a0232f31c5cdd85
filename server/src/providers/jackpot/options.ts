import type { KeyObject } from "node:crypto";
import type { Request } from "express";
import { hmacKey } from "../../jwt/hmac-key.js";
import {
  NOTIFICATION_KEYS,
  type NotificationConfig,
  type NotificationOptions,
  readNotificationOptions,
} from "../../notifications/options.js";
import type { WidgetUser } from "../../user.js";
import { readOptions } from "../../validation/read-options.js";
import type { ProviderEnv } from "../provider.js";
import {
  JACKPOT_EXCHANGE_KEYS,
  type JackpotExchange,
  type JackpotExchangeOptions,
  readJackpotExchange,
} from "./exchange-options.js";

/** The profile claims; each one missing falls back to the anonymous default. */
export interface JackpotProfile {
  /** Zip code ("cp"); default "99". */
  cp?: string | undefined;
  /** Age in years; default 99. */
  age?: number | undefined;
  /** Omitted when unknown. */
  gender?: string | undefined;
}

/** What `onIssued` receives for each initialization token, before it is exchanged. */
export interface JackpotIssued {
  /** Match it in your Jackpot notification handler. */
  notificationKey: string;
  userId: string;
  amount: number;
  user: WidgetUser;
  /** 1 for the first token of a request, 2 for the one minted by the retry. */
  attempt: number;
}

/** `providers.jackpot`. */
export interface JackpotOptions {
  /**
   * Receive Jackpot's server-to-server notifications at
   * `POST /jackpot/notifications`: each verified one settles its ledger entry
   * (docs/ledger.md). Absent: no such route.
   */
  notifications?: NotificationOptions | undefined;
  /** Your Jackpot account API key (`client_id`). */
  apiKey: string;
  /** Your Jackpot API signature: the HS256 key of the initialization token. */
  apiSignature: string;
  /** Jackpot API base URL, e.g. https://api.jackpot.example */
  baseUrl: string;
  /** Largest amount, in major units. Default 10000. */
  maxAmount?: number | undefined;
  /**
   * The ISO 4217 currency of `amount`, as the ledger records it (Jackpot's
   * token has no currency claim). Default "USD".
   */
  currency?: string | undefined;
  /** Deadline of the exchange, in ms. Default 5000. */
  timeoutMs?: number | undefined;
  /** Session lifetime assumed when the answer has no `expires_in`: seconds or "1h". Default "1h". */
  defaultExpiresIn?: number | string | undefined;
  /**
   * The user's `cp`, `age`, `gender`; overrides what `identify()` returned.
   * `req` is Express's request: your session is on it.
   */
  profile?: (
    user: WidgetUser,
    req: Request,
  ) => JackpotProfile | null | undefined | Promise<JackpotProfile | null | undefined>;
  /** Record the notificationKey before the token leaves. A throw fails the request. */
  onIssued?: ((issued: JackpotIssued) => unknown) | undefined;
  exchange?: JackpotExchangeOptions | undefined;
}

/** `providers.jackpot`, read and checked. */
export interface JackpotConfig {
  notifications: NotificationConfig | undefined;
  apiKey: string;
  key: KeyObject;
  baseUrl: URL;
  maxAmount: number;
  currency: string;
  timeoutMs: number;
  /** Seconds. */
  defaultExpiresIn: number;
  profile: JackpotOptions["profile"];
  onIssued: JackpotOptions["onIssued"];
  exchange: JackpotExchange;
}

/**
 * Read `providers.jackpot` once, `exchange` included; both credentials are
 * registered for log redaction.
 *
 * @example
 * const config = readJackpotOptions({ apiKey, apiSignature, baseUrl: "https://api.jackpot.example" }, env);
 */
export function readJackpotOptions(value: unknown, env: ProviderEnv): JackpotConfig {
  const o = readOptions<JackpotOptions>(value, env.option, {
    apiKey: true,
    apiSignature: true,
    baseUrl: true,
    maxAmount: true,
    currency: true,
    timeoutMs: true,
    defaultExpiresIn: true,
    profile: true,
    onIssued: true,
    notifications: true,
    exchange: true,
  });
  const apiKey = o.string("apiKey");
  const apiSignature = o.string("apiSignature");
  const key = hmacKey(apiSignature, o.path("apiSignature"), env.logger);
  env.registerSecret(apiKey);
  env.registerSecret(apiSignature);
  const currency = o.optionalString("currency") ?? "USD";
  if (!/^[A-Z]{3}$/.test(currency)) throw o.fail("currency", "must be an ISO 4217 code like USD");
  return {
    apiKey,
    key,
    baseUrl: o.url("baseUrl"),
    maxAmount: o.number("maxAmount", 10_000, { min: 0.01 }),
    currency,
    timeoutMs: o.number("timeoutMs", 5000, { min: 1, max: 120_000, integer: true }),
    defaultExpiresIn: o.duration("defaultExpiresIn", 3600),
    profile: o.optionalFunction("profile"),
    onIssued: o.optionalFunction("onIssued"),
    notifications: readNotificationOptions(
      o.nested("notifications", NOTIFICATION_KEYS),
      o.has("notifications"),
      env,
    ),
    exchange: readJackpotExchange(o.nested("exchange", JACKPOT_EXCHANGE_KEYS), apiKey),
  };
}

import type { KeyObject } from "node:crypto";
import type { FluzTransactionType } from "@widget-tokens/shared";
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

/** What `onIssued` receives for each minted patToken. */
export interface FluzIssued {
  jti: string;
  user: WidgetUser;
  amount: number;
  transactionType: FluzTransactionType;
  expiresAt: Date;
}

/** `providers.fluz`. */
export interface FluzOptions {
  /**
   * Receive Fluz's server-to-server notifications at
   * `POST /fluz/notifications`: each verified one settles its ledger entry
   * (docs/ledger.md). Absent: no such route.
   */
  notifications?: NotificationOptions;
  /** Your Fluz API key (a claim of every token). */
  apiKey: string;
  /** Your Fluz API secret: the HS256 key. At least 32 bytes. */
  apiSecret: string;
  /** Token lifetime: seconds or "15m", "1h", "1d". Default "1d". */
  expiresIn?: number | string | undefined;
  /** Largest amount, in dollars. Default 10000. */
  maxAmount?: number | undefined;
  /** Record or reserve the pre-authorization before the token leaves. */
  onIssued?: ((issued: FluzIssued) => unknown) | undefined;
}

/** `providers.fluz`, read and checked: what the route works with. */
export interface FluzConfig {
  notifications: NotificationConfig | undefined;
  apiKey: string;
  key: KeyObject;
  /** Seconds. */
  expiresIn: number;
  maxAmount: number;
  onIssued: FluzOptions["onIssued"];
}

/**
 * Read `providers.fluz` once: unknown keys, a missing secret, a malformed
 * lifetime throw a `WidgetTokensOptionError` naming the option. The secret
 * becomes a `KeyObject` and is registered for log redaction.
 *
 * @example
 * const config = readFluzOptions({ apiKey, apiSecret, expiresIn: "15m" }, env);
 */
export function readFluzOptions(value: unknown, env: ProviderEnv): FluzConfig {
  const o = readOptions<FluzOptions>(value, env.option, {
    apiKey: true,
    apiSecret: true,
    expiresIn: true,
    maxAmount: true,
    onIssued: true,
    notifications: true,
  });
  const apiKey = o.string("apiKey");
  const apiSecret = o.string("apiSecret");
  const key = hmacKey(apiSecret, o.path("apiSecret"), env.logger);
  env.registerSecret(apiSecret);
  return {
    apiKey,
    key,
    expiresIn: o.duration("expiresIn", 86_400),
    maxAmount: o.number("maxAmount", 10_000, { min: 0.01 }),
    onIssued: o.optionalFunction("onIssued"),
    notifications: readNotificationOptions(
      o.nested("notifications", NOTIFICATION_KEYS),
      o.has("notifications"),
      env,
    ),
  };
}

import type { KeyObject } from "node:crypto";
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

/** `providers.impact`. */
export interface ImpactOptions {
  /** Your impact.com account SID: the `kid` header of every token. */
  accountSid: string;
  /** Your impact.com auth token: the HS256 key. At least 32 bytes. */
  authToken: string;
  /** Your SaaSquatch tenant alias (what squatch-js calls `tenantAlias`). */
  tenantAlias: string;
  /** Token lifetime: seconds or "15m", "1h". Default "1h", at most "1d". */
  expiresIn?: number | string | undefined;
  /**
   * Map the signed-in user to their impact.com account id. Default: the user's
   * own id (one account per user).
   */
  accountId?: ((user: WidgetUser) => string | Promise<string>) | undefined;
  /**
   * Receive impact.com's server-to-server notification that a widget
   * verified its user at `POST /impact/notifications`: each verified one
   * settles the token's ledger entry (docs/ledger.md). Absent: no such route.
   */
  notifications?: NotificationOptions;
}

/** `providers.impact`, read and checked. */
export interface ImpactConfig {
  notifications: NotificationConfig | undefined;
  /** The option path, for the messages of hook failures. */
  option: string;
  accountSid: string;
  key: KeyObject;
  /** Seconds. */
  expiresIn: number;
  accountId: ImpactOptions["accountId"];
}

/** Default token lifetime, in seconds. */
const IMPACT_DEFAULT_EXPIRES_IN = 3600;
const IMPACT_MAX_EXPIRES_IN = 86_400;

/**
 * Read `providers.impact` once, naming the option of any mistake.
 *
 * @example
 * const config = readImpactOptions({ accountSid, authToken, tenantAlias }, env);
 */
export function readImpactOptions(value: unknown, env: ProviderEnv): ImpactConfig {
  const o = readOptions<ImpactOptions>(value, env.option, {
    accountSid: true,
    authToken: true,
    tenantAlias: true,
    expiresIn: true,
    accountId: true,
    notifications: true,
  });
  const accountSid = o.string("accountSid");
  o.string("tenantAlias");
  const authToken = o.string("authToken");
  const key = hmacKey(authToken, o.path("authToken"), env.logger);
  env.registerSecret(authToken);
  return {
    option: env.option,
    accountSid,
    key,
    expiresIn: o.duration("expiresIn", IMPACT_DEFAULT_EXPIRES_IN, IMPACT_MAX_EXPIRES_IN),
    accountId: o.optionalFunction("accountId"),
    notifications: readNotificationOptions(
      o.nested("notifications", NOTIFICATION_KEYS),
      o.has("notifications"),
      env,
    ),
  };
}

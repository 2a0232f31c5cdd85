import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "../logger.js";
import type { OptionReader } from "../validation/read-options.js";

/** `providers.<id>.notifications`: the provider's server-to-server notifications. */
export interface NotificationOptions {
  /**
   * The secret the provider signs notifications with (HMAC-SHA256, from the
   * provider's back office). At least 32 bytes. Required unless `verify` is given.
   */
  secret?: string;
  /** How far the signed timestamp may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /**
   * Your own verification instead of the built-in HMAC (another scheme, a
   * key rotation): resolve true to accept the notification.
   */
  verify?: (notification: {
    rawBody: string;
    headers: IncomingHttpHeaders;
  }) => boolean | Promise<boolean>;
}

/** `notifications`, read and checked. */
export type NotificationConfig =
  | { kind: "hmac"; secret: string; toleranceSeconds: number }
  | { kind: "custom"; verify: NonNullable<NotificationOptions["verify"]> };

/**
 * Read a provider's `notifications` option; undefined when absent (no route).
 *
 * @example
 * const notifications = readNotificationOptions(o.nested("notifications", NOTIFICATION_KEYS), o.has("notifications"), env);
 */
export function readNotificationOptions(
  n: OptionReader<NotificationOptions>,
  present: boolean,
  env: { logger: Logger; registerSecret(secret: string): void },
): NotificationConfig | undefined {
  if (!present) return undefined;
  const verify = n.optionalFunction("verify");
  const secret = n.optionalString("secret");
  if (verify !== undefined) {
    if (secret !== undefined) throw n.fail("secret", "cannot be set together with verify");
    return { kind: "custom", verify };
  }
  if (secret === undefined) throw n.fail("secret", "is required (or give verify)");
  if (Buffer.byteLength(secret) < 32) {
    throw n.fail("secret", "must be at least 32 bytes");
  }
  env.registerSecret(secret);
  return {
    kind: "hmac",
    secret,
    toleranceSeconds: n.number("toleranceSeconds", 300, { min: 1, max: 86_400, integer: true }),
  };
}

/** The keys of `notifications`, for `o.nested`. */
export const NOTIFICATION_KEYS = { secret: true, toleranceSeconds: true, verify: true } as const;

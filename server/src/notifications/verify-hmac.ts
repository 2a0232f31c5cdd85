import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { NotificationError } from "../errors.js";

/** Where an adapter's signature and timestamp travel. */
export interface HmacScheme {
  /** Lower-case header name of the hex HMAC-SHA256. */
  signatureHeader: string;
  /** Lower-case header name of the Unix time (seconds) the sender signed. */
  timestampHeader: string;
}

/** Everything a notification's verification may look at. */
export interface InboundNotification {
  /** The body exactly as received (UTF-8 text of the raw bytes). */
  rawBody: string;
  headers: IncomingHttpHeaders;
}

const HEX_SHA256 = /^(?:sha256=)?([0-9a-f]{64})$/i;

const forged = () =>
  new NotificationError(
    "NOTIFICATION_SIGNATURE_INVALID",
    "The notification's signature is invalid",
  );

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The default verification: a hex HMAC-SHA256, keyed with the configured
 * secret, over `<timestamp>.<raw body>`, compared in constant time; the
 * timestamp within `toleranceSeconds` of now, either way. Throws
 * `NOTIFICATION_SIGNATURE_INVALID` or `NOTIFICATION_STALE` (both 401).
 *
 * @example
 * const verify = hmacVerifier(secret, 300, { signatureHeader: "x-hmac-signature", timestampHeader: "x-hmac-timestamp" }, Date.now);
 * verify({ rawBody, headers: req.headers });
 */
export function hmacVerifier(
  secret: string,
  toleranceSeconds: number,
  scheme: HmacScheme,
  now: () => number,
): (n: InboundNotification) => void {
  return ({ rawBody, headers }) => {
    const given = HEX_SHA256.exec(header(headers, scheme.signatureHeader)?.trim() ?? "");
    const stamp = header(headers, scheme.timestampHeader)?.trim() ?? "";
    if (given === null || !/^\d{1,12}$/.test(stamp)) throw forged();
    const expected = createHmac("sha256", secret).update(`${stamp}.`).update(rawBody).digest();
    if (!timingSafeEqual(expected, Buffer.from(given[1]!, "hex"))) throw forged();
    // Checked after the signature: an attacker learns nothing from the clock.
    if (Math.abs(now() / 1000 - Number(stamp)) > toleranceSeconds) {
      throw new NotificationError(
        "NOTIFICATION_STALE",
        `The notification's timestamp is more than ${toleranceSeconds} s away from now`,
      );
    }
  };
}

/**
 * Sign a notification as `hmacVerifier` checks it: what the sandbox and
 * tests send, and what a merchant's own sender can do.
 *
 * @example
 * const headers = { "x-hmac-signature": signNotification(secret, ts, body), "x-hmac-timestamp": String(ts) };
 */
export function signNotification(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

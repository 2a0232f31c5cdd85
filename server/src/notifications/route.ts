import { isJsonNumberSource, isRecord } from "@widget-tokens/shared";
import { NotificationError, RequestError } from "../errors.js";
import type { InboundRoute } from "../http/inbound-route.js";
import { parseJsonText } from "../http/parse-json-text.js";
import type { BodyReadLimits } from "../http/read-body-stream.js";
import { type HeaderList, sendJson } from "../http/respond.js";
import type { Ledger } from "../ledger/ledger.js";
import type { NotificationAdapter } from "./adapter.js";
import type { NotificationConfig } from "./options.js";
import { readRawJsonBody } from "./read-raw-body.js";
import { hmacVerifier } from "./verify-hmac.js";

/** What a provider hands over for its notification route: its wire format and its config. */
export interface NotificationSource {
  adapter: NotificationAdapter;
  config: NotificationConfig;
}

/**
 * A provider instance's `notifications`, when its options configured them:
 * spread into what `create` returns.
 *
 * @example
 * return { routes, ...notificationsOf(fluzNotifications, read.notifications) };
 */
export function notificationsOf(
  adapter: NotificationAdapter,
  config: NotificationConfig | undefined,
): { notifications?: NotificationSource } {
  return config ? { notifications: { adapter, config } } : {};
}

/** The answer to a provider: what happened, never what the ledger holds. */
export interface NotificationAnswer {
  status: "settled" | "replayed" | "ignored";
}

/**
 * `POST /<provider>/notifications`: read the raw body (within the body
 * limit), verify it (before parsing a byte of it), map it with the
 * provider's adapter, settle the ledger entry (which runs `onSettled`
 * once). 200 `{status}`: `settled`, `replayed` (a retry: nothing changed) or
 * `ignored` (an event the ledger has no part in); every refusal is a 4xx
 * with its code and settles nothing; 503 when the store is down, 500 when
 * `onSettled` threw (the provider retries both).
 *
 * @example
 * const route = notificationRoute({ adapter: fluzNotifications, config }, { ledger, limits, now, jsonHeaders });
 */
export function notificationRoute(
  { adapter, config }: NotificationSource,
  {
    ledger,
    limits,
    now,
    jsonHeaders,
  }: { ledger: Ledger; limits: BodyReadLimits; now: () => number; jsonHeaders: HeaderList },
): InboundRoute {
  const verify =
    config.kind === "hmac"
      ? hmacVerifier(config.secret, config.toleranceSeconds, adapter.scheme, now)
      : async (n: Parameters<typeof config.verify>[0]) => {
          if ((await config.verify(n)) !== true) {
            throw new NotificationError(
              "NOTIFICATION_SIGNATURE_INVALID",
              "The notification's signature is invalid",
            );
          }
        };
  return {
    path: `/${adapter.provider}/notifications`,
    async handle(req, res) {
      const rawBody = await readRawJsonBody(req, limits);
      await verify({ rawBody, headers: req.headers });
      const body = parseJsonText(rawBody);
      if (!isRecord(body) || isJsonNumberSource(body)) {
        throw new RequestError("INVALID_REQUEST", "Body must be a JSON object");
      }
      const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
      const action = adapter.read(body as Record<string, unknown>, query);
      let answer: NotificationAnswer = { status: "ignored" };
      if (action.action === "settle") {
        const { key, amount, reference, userId, transactionType } = action;
        const result = await ledger.settle(key, {
          amount,
          reference,
          provider: adapter.provider,
          ...(userId === undefined ? {} : { userId }),
          ...(transactionType === undefined ? {} : { transactionType }),
        });
        answer = { status: result.replayed ? "replayed" : "settled" };
      }
      sendJson(res, 200, answer, jsonHeaders);
    },
  };
}

import { jackpotNotifications } from "../../notifications/jackpot-adapter.js";
import { notificationsOf } from "../../notifications/route.js";
import type { ProviderDefinition } from "../provider.js";
import { type JackpotOptions, readJackpotOptions } from "./options.js";
import { type JackpotRequest, jackpotRoute } from "./route.js";

/**
 * Jackpot voucher conversion at `POST /jackpot/session-token`: a one-time
 * initialization token, exchanged server to server for a session token.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: {
 *     jackpot: {
 *       apiKey: process.env.JACKPOT_API_KEY!,
 *       apiSignature: process.env.JACKPOT_API_SIGNATURE!,
 *       baseUrl: "https://api.jackpot.example",
 *       onIssued: ({ notificationKey, userId }) => db.conversions.insert({ notificationKey, userId }),
 *     },
 *   },
 * });
 */
export const jackpot: ProviderDefinition<"jackpot", JackpotOptions, JackpotRequest> = {
  id: "jackpot",
  create: (config, env) => {
    const read = readJackpotOptions(config, env);
    return {
      ...jackpotRoute(read, env.ledger),
      ...notificationsOf(jackpotNotifications, read.notifications),
    };
  },
};

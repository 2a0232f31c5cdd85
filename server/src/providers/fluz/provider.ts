import { fluzNotifications } from "../../notifications/fluz-adapter.js";
import { notificationsOf } from "../../notifications/route.js";
import type { ProviderDefinition } from "../provider.js";
import { type FluzOptions, readFluzOptions } from "./options.js";
import { type FluzRequest, fluzRoute } from "./route.js";

/**
 * Fluz pre-approved transaction tokens (`patToken`) at `POST /fluz/pat-token`.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: { fluz: { apiKey: process.env.FLUZ_API_KEY!, apiSecret: process.env.FLUZ_API_SECRET! } },
 * });
 */
export const fluz: ProviderDefinition<"fluz", FluzOptions, FluzRequest> = {
  id: "fluz",
  create: (config, env) => {
    const read = readFluzOptions(config, env);
    return {
      routes: [fluzRoute(read, env.ledger)],
      ...notificationsOf(fluzNotifications, read.notifications),
    };
  },
};

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
  create: (config, env) => ({ routes: [fluzRoute(readFluzOptions(config, env))] }),
};

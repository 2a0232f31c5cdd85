import type { ProviderDefinition } from "../provider.js";
import { type Gr4vyOptions, readGr4vyOptions } from "./options.js";
import { type Gr4vyRequest, gr4vyRoute } from "./route.js";

/**
 * Gr4vy Embed tokens at `POST /gr4vy/embed-token`; the cart comes from your
 * `checkout(req, user, ctx)` hook.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: {
 *     gr4vy: {
 *       gr4vyId: "acme",
 *       privateKey: process.env.GR4VY_PRIVATE_KEY!,
 *       checkout: async (req, user) => ({ amount: 1299, currency: "USD" }),
 *     },
 *   },
 * });
 */
export const gr4vy: ProviderDefinition<"gr4vy", Gr4vyOptions, Gr4vyRequest> = {
  id: "gr4vy",
  create: (config, env) => gr4vyRoute(readGr4vyOptions(config, env), env.ledger, env.now),
};

import { impactNotifications } from "../../notifications/impact-adapter.js";
import { notificationsOf } from "../../notifications/route.js";
import type { ProviderDefinition } from "../provider.js";
import { type ImpactOptions, readImpactOptions } from "./options.js";
import { type ImpactRequest, impactRoute } from "./route.js";

/**
 * impact.com (SaaSquatch) user JWTs for `<impact-embed>` at `POST /impact/user-token`.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: { impact: { accountSid: "IRxxxx", authToken: process.env.IMPACT_AUTH_TOKEN!, tenantAlias: "test_abc" } },
 * });
 */
export const impact: ProviderDefinition<"impact", ImpactOptions, ImpactRequest> = {
  id: "impact",
  create: (config, env) => {
    const read = readImpactOptions(config, env);
    return {
      routes: [impactRoute(read, env.ledger)],
      ...notificationsOf(impactNotifications, read.notifications),
    };
  },
};

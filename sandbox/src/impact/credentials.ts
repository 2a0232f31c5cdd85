import { randomHex, randomSecret } from "../credentials/random.js";
import type { SandboxImpactOptions } from "./router.js";

/** What a merchant's app is configured with for impact.com. */
export interface ImpactCredentials {
  accountSid: string;
  authToken: string;
  tenantAlias: string;
  /** What impact.com's webhooks are signed with here (the merchant's `notifications.secret`). */
  notificationSecret: string;
}

/** The tenant alias the stand-in answers to unless given another. */
export const IMPACT_DEFAULT_TENANT_ALIAS = "test_sandbox";

/**
 * The impact.com stand-in's options, every credential not given generated.
 *
 * @example
 * resolveImpact({}).credentials.tenantAlias; // "test_sandbox"
 */
export function resolveImpact(given: Partial<SandboxImpactOptions>): {
  options: SandboxImpactOptions;
  credentials: ImpactCredentials;
} {
  const options = {
    ...given,
    accountSid: given.accountSid ?? `IR${randomHex(16)}`,
    authToken: given.authToken ?? randomSecret(),
    tenantAlias: given.tenantAlias ?? IMPACT_DEFAULT_TENANT_ALIAS,
    notificationSecret: given.notificationSecret ?? randomSecret(),
  };
  const { accountSid, authToken, tenantAlias, notificationSecret } = options;
  return { options, credentials: { accountSid, authToken, tenantAlias, notificationSecret } };
}

/** impact.com's credentials as the demo's environment variables. */
export const impactEnv = {
  secrets: ["IMPACT_AUTH_TOKEN", "IMPACT_NOTIFICATION_SECRET"],
  write: (c: ImpactCredentials) => ({
    IMPACT_ACCOUNT_SID: c.accountSid,
    IMPACT_AUTH_TOKEN: c.authToken,
    IMPACT_TENANT_ALIAS: c.tenantAlias,
    IMPACT_NOTIFICATION_SECRET: c.notificationSecret,
  }),
  read: (get: (name: string) => string | undefined) => ({
    accountSid: get("IMPACT_ACCOUNT_SID"),
    authToken: get("IMPACT_AUTH_TOKEN"),
    tenantAlias: get("IMPACT_TENANT_ALIAS"),
    notificationSecret: get("IMPACT_NOTIFICATION_SECRET"),
  }),
};

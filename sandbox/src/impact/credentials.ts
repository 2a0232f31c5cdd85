import { randomHex, randomSecret } from "../credentials/random.js";
import type { SandboxImpactOptions } from "./router.js";

/** What a merchant's app is configured with for impact.com. */
export interface ImpactCredentials {
  accountSid: string;
  authToken: string;
  tenantAlias: string;
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
  };
  const { accountSid, authToken, tenantAlias } = options;
  return { options, credentials: { accountSid, authToken, tenantAlias } };
}

/** impact.com's credentials as the demo's environment variables. */
export const impactEnv = {
  secrets: ["IMPACT_AUTH_TOKEN"],
  write: (c: ImpactCredentials) => ({
    IMPACT_ACCOUNT_SID: c.accountSid,
    IMPACT_AUTH_TOKEN: c.authToken,
    IMPACT_TENANT_ALIAS: c.tenantAlias,
  }),
  read: (get: (name: string) => string | undefined) => ({
    accountSid: get("IMPACT_ACCOUNT_SID"),
    authToken: get("IMPACT_AUTH_TOKEN"),
    tenantAlias: get("IMPACT_TENANT_ALIAS"),
  }),
};

import { GR4VY_DEFAULT_ID } from "./gr4vy/credentials.js";
import { IMPACT_DEFAULT_TENANT_ALIAS } from "./impact/credentials.js";
import { MERCHANT_API_DEFAULT_IDS } from "./merchant-api/credentials.js";

/**
 * The stand-ins' fixed identifiers (easy to type and to read in logs);
 * secrets are random per start. Each is declared in its provider's folder.
 */
export const SANDBOX_DEFAULT_IDS = {
  gr4vyId: GR4VY_DEFAULT_ID,
  impactTenantAlias: IMPACT_DEFAULT_TENANT_ALIAS,
  ...MERCHANT_API_DEFAULT_IDS,
} as const;

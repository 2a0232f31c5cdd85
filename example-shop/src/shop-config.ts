import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

/** What the example shop is configured with: the sandbox's variables, as `widget-tokens sandbox --write-env` writes them. */
export interface ExampleShopConfig {
  /** The sandbox's origin, e.g. http://127.0.0.1:4010. */
  sandboxUrl: string;
  /** Signs the session cookie. Default: random per start. */
  sessionSecret?: string;
  /** The variables of `.env.sandbox` (`FLUZ_API_KEY`…): a provider is served when all of its are set. */
  env: Record<string, string | undefined>;
}

/** The variables each provider needs, in the names of `.env.sandbox`. */
export const PROVIDER_VARIABLES = {
  fluz: ["FLUZ_API_KEY", "FLUZ_API_SECRET"],
  impact: ["IMPACT_ACCOUNT_SID", "IMPACT_AUTH_TOKEN", "IMPACT_TENANT_ALIAS"],
  gr4vy: ["GR4VY_ID", "GR4VY_PRIVATE_KEY"],
  jackpot: ["JACKPOT_API_KEY", "JACKPOT_API_SIGNATURE"],
  merchantApi: ["MERCHANT_API_MERCHANT_ID", "MERCHANT_API_EMAIL", "MERCHANT_API_PASSWORD"],
} as const;

export type ShopProvider = keyof typeof PROVIDER_VARIABLES;

/** The providers whose variables are all set. */
export function configuredProviders(env: ExampleShopConfig["env"]): ShopProvider[] {
  return (Object.keys(PROVIDER_VARIABLES) as ShopProvider[]).filter((p) =>
    PROVIDER_VARIABLES[p].every((name) => Boolean(env[name])),
  );
}

/** GR4VY_PRIVATE_KEY: PEM (real or `\n`-escaped line breaks) or a PEM file's path. */
export function gr4vyPrivateKey(value: string) {
  return createPrivateKey(
    value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value),
  );
}

import { PROVIDER_IDS } from "@widget-tokens/shared";

/**
 * Every provider the sandbox stands in for, in the order it lists them:
 * the providers `@widget-tokens/shared` knows (`stand-ins.ts` has one
 * stand-in for each).
 */
export const SANDBOX_PROVIDERS = PROVIDER_IDS;

/** One provider stand-in: `"fluz" | "impact" | "gr4vy" | "jackpot" | "merchantApi"`. */
export type SandboxProviderId = (typeof SANDBOX_PROVIDERS)[number];

/**
 * Read a provider name as people type it: the id itself, any case, and
 * `merchant-api` for `merchantApi`. Undefined when it names no provider.
 *
 * @example
 * parseProviderId("merchant-api"); // "merchantApi"
 * parseProviderId("stripe"); // undefined
 */
export function parseProviderId(value: unknown): SandboxProviderId | undefined {
  if (typeof value !== "string") return undefined;
  const key = value.trim().toLowerCase().replace(/[-_]/g, "");
  return SANDBOX_PROVIDERS.find((id) => id.toLowerCase() === key);
}

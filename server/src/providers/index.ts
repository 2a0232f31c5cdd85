import { fluz } from "./fluz/provider.js";
import { gr4vy } from "./gr4vy/provider.js";
import { impact } from "./impact/provider.js";
import { jackpot } from "./jackpot/provider.js";
import { merchantApi } from "./merchant-api/provider.js";
import type { AnyProviderDefinition } from "./provider.js";

/**
 * Every provider, by its key under `options.providers`. One line per
 * provider: its options type and its validated request type follow from the
 * definition into `WidgetTokensOptions["providers"]` and `AuthorizeContext`.
 */
export const PROVIDERS = {
  fluz,
  gr4vy,
  impact,
  jackpot,
  merchantApi,
} as const satisfies Record<string, AnyProviderDefinition>;

/** The registry's type: the source of the per-provider option and request types. */
export type ProviderRegistry = typeof PROVIDERS;

/** A key of `options.providers`: "fluz" | "gr4vy" | "impact" | "jackpot" | "merchantApi". */
export type ProviderId = keyof ProviderRegistry;

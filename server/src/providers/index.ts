import { fluz } from "./fluz.js";
import { gr4vy } from "./gr4vy.js";
import { impact } from "./impact.js";
import { jackpot } from "./jackpot.js";
import { merchantApi } from "./merchant-api.js";
import type { ProviderDefinition } from "./provider.js";

/** Every provider, by its key under `options.providers`. One line per provider. */
export const PROVIDERS: Readonly<Record<string, ProviderDefinition>> = {
  fluz,
  gr4vy,
  impact,
  jackpot,
  merchantApi,
};

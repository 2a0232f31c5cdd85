import { fluz } from "./fluz.js";
import type { ProviderDefinition } from "./provider.js";

/** Every provider, by its key under `options.providers`. One line per provider. */
export const PROVIDERS: Readonly<Record<string, ProviderDefinition>> = {
  fluz,
};

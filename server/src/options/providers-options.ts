import { WidgetTokensOptionError } from "../errors.js";
import type { RouteAuthorizeContext } from "../http/route.js";
import { PROVIDERS, type ProviderId, type ProviderRegistry } from "../providers/index.js";
import type {
  AnyProviderDefinition,
  ProviderOptionsOf,
  ProviderRequestOf,
} from "../providers/provider.js";
import { type OptionKeys, readOptions } from "../validation/read-options.js";

/**
 * `options.providers`: one optional entry per provider of the registry,
 * typed by that provider's own options (`false` leaves it off). A misspelled
 * provider or option is a compile error; at run time, an error naming it.
 *
 * @example
 * const providers: ProvidersOptions = {
 *   fluz: { apiKey: "…", apiSecret: "…", expiresIn: "1h" },
 *   impact: false,
 * };
 */
export type ProvidersOptions = {
  [Id in ProviderId]?: ProviderOptionsOf<ProviderRegistry[Id]> | false;
};

/**
 * What the merchant's `authorize` hook sees, by provider: narrow on
 * `provider` and `request` is that provider's validated request.
 *
 * @example
 * const authorize = ({ provider, user, request }: AuthorizeContext) =>
 *   provider !== "fluz" || request.transactionType !== "WITHDRAW" || request.amount <= balanceOf(user);
 */
export type AuthorizeContext = {
  [Id in ProviderId]: RouteAuthorizeContext<Id, ProviderRequestOf<ProviderRegistry[Id]>>;
}[ProviderId];

/** One configured provider: its definition, its option path and its (not yet read) options. */
export interface ConfiguredProvider {
  id: ProviderId;
  option: string;
  definition: AnyProviderDefinition;
  config: unknown;
}

const PROVIDER_KEYS = Object.fromEntries(
  Object.keys(PROVIDERS).map((id) => [id, true]),
) as unknown as OptionKeys<ProvidersOptions>;

/**
 * Read `options.providers`: an unknown provider throws, naming it and the
 * nearest known one; `false` and undefined entries are left off; at least
 * one must remain. Each provider reads its own options when it is built.
 *
 * @example
 * for (const { definition, option, config } of readProvidersOptions(options.providers)) { … }
 */
export function readProvidersOptions(value: unknown): ConfiguredProvider[] {
  const o = readOptions<ProvidersOptions>(value, "providers", PROVIDER_KEYS, { what: "provider" });
  const configured: ConfiguredProvider[] = [];
  // In the merchant's order: every key is known by now.
  for (const id of Object.keys(value as object) as ProviderId[]) {
    const config = o.value(id);
    // An unknown provider was reported (and is skipped while every problem is collected).
    if (config === undefined || config === false || !Object.hasOwn(PROVIDERS, id)) continue;
    configured.push({ id, option: o.path(id), definition: PROVIDERS[id], config });
  }
  if (configured.length === 0) {
    throw new WidgetTokensOptionError("providers", "must configure at least one provider");
  }
  return configured;
}

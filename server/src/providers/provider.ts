import { type BodySchema, readBody } from "../http/body-schema.js";
import type { ProviderRoute } from "../http/route.js";
import type { LedgerService } from "../ledger/ledger.js";
import type { Logger } from "../logger.js";
import type { NotificationSource } from "../notifications/route.js";
import type { Store } from "../stores/store.js";

export type { ProviderRoute, RouteAuthorizeContext } from "../http/route.js";

/** Services a provider may use while it is built. */
export interface ProviderEnv {
  /** The option path of this provider's config, e.g. "providers.fluz". */
  option: string;
  logger: Logger;
  store: Store;
  /** Where issued tokens are recorded, and settled. */
  ledger: LedgerService;
  now: () => number;
  /** Register a secret so no log line can print it (it also feeds the default sealing secret). */
  registerSecret(secret: string): void;
  /** Redact what `source` returns too, asked afresh for each line (a session's current tokens). */
  redactSecrets(source: () => readonly string[]): void;
  /** Every secret registered so far by any provider, and the sources' current ones. */
  configuredSecrets(): readonly string[];
}

/** What a provider built from its options: its routes, and what to free on `close()`. */
export interface ProviderInstance<Parsed = unknown> {
  routes: ProviderRoute<Parsed>[];
  /** Its server-to-server notifications, when configured: `POST /<id>/notifications`. */
  notifications?: NotificationSource;
  /** Free what it started; `everything` (from `shutdown()`): what it was given too. */
  close?(everything: boolean): Promise<void>;
  /**
   * It calls a provider API (Jackpot, the merchant API): `middleware.health()`
   * reports how its last call went. Absent: it signs locally, always "ok".
   */
  callsUpstream?: boolean;
}

/**
 * A provider: one module, validated once. Adding a provider is one new
 * folder exporting a `ProviderDefinition` and one line in
 * `providers/index.ts`; its options type and its validated request type
 * flow from here into `WidgetTokensOptions["providers"]` and the
 * `authorize` hook's context.
 *
 * @example
 * export const fluz: ProviderDefinition<"fluz", FluzOptions, FluzRequest> = {
 *   id: "fluz",
 *   create: (config, env) => ({ routes: [fluzRoute(readFluzOptions(config, env))] }),
 * };
 */
export interface ProviderDefinition<
  Id extends string = string,
  Options = unknown,
  Parsed = unknown,
> {
  /** The key under `options.providers`. */
  id: Id;
  /**
   * Read `config` (the merchant's `providers[id]`, checked at run time too:
   * JavaScript callers have no compiler) and build the routes, once.
   */
  create(config: Options, env: ProviderEnv): ProviderInstance<Parsed>;
}

/** Any provider definition, whatever its id, options and request types. */
export type AnyProviderDefinition = ProviderDefinition<string, never, unknown>;

/** A definition's options type (what the merchant writes under `providers[id]`). */
export type ProviderOptionsOf<D extends AnyProviderDefinition> = Parameters<D["create"]>[0];

/** A definition's validated request type (what `authorize` sees as `request`). */
export type ProviderRequestOf<D extends AnyProviderDefinition> = ReturnType<
  D["create"]
>["routes"][number] extends ProviderRoute<infer Parsed>
  ? Parsed
  : never;

/**
 * Type a route so `parse`'s result flows into `handle` and `authorize`. A
 * route declares its body either as data, `body` (a `BodySchema`, checked
 * by the one reader, `readBody`), or as code, `parse`.
 *
 * @example
 * const route = defineRoute<{ amount: number }>({
 *   method: "POST", path: "/x", body: { fields: { amount: { type: "amount", max: 100 } } }, handle,
 * });
 */
export function defineRoute<Parsed>(
  route: Omit<ProviderRoute<Parsed>, "parse" | "body"> &
    (
      | { body: BodySchema<Parsed>; parse?: never }
      | { parse: ProviderRoute<Parsed>["parse"]; body?: never }
    ),
): ProviderRoute<Parsed> {
  const { body } = route;
  if (body === undefined) return route as ProviderRoute<Parsed>;
  return { ...route, body, parse: (json) => readBody(body, json) };
}

import type { Request } from "../http/types.js";
import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";
import type { WidgetUser } from "../user.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a route's handler gets: who, what, and the shared services. */
export interface RouteContext<Parsed> {
  user: WidgetUser;
  request: Parsed;
  req: Request;
  store: Store;
  logger: Logger;
  /** Clock in ms (injectable for tests). */
  now: () => number;
}

export interface RouteResult {
  /** Default 201. */
  status?: number;
  body: unknown;
  /** When what was minted stops being usable; bounds the idempotency replay. */
  expiresAt?: Date;
}

/**
 * One HTTP route of a provider. The shared pipeline does origin, body,
 * identity, rate limit, idempotency and policy; the route only parses its
 * body and mints or exchanges.
 */
export interface ProviderRoute<Parsed = unknown> {
  method: HttpMethod;
  /** Exact path below the mount point, e.g. "/fluz/pat-token". Never normalized. */
  path: string;
  /**
   * Validate the browser's body (an empty object for GET). Throw
   * `invalidRequest(field, message)` for a bad field.
   */
  parse(body: Record<string, unknown>, user: WidgetUser): Parsed;
  handle(ctx: RouteContext<Parsed>): Promise<RouteResult>;
  /** Honour `Idempotency-Key` (default true for POST). */
  idempotent?: boolean;
  /**
   * Part of an allow-list: a method not listed for this path answers 404, as
   * an unlisted path does, instead of 405.
   */
  allowListed?: boolean;
  /** A per-route policy check, run after the merchant's `authorize`. */
  authorize?: (ctx: AuthorizeContext) => boolean | Promise<boolean>;
}

/** What the merchant's `authorize` hook sees. */
export interface AuthorizeContext {
  provider: string;
  user: WidgetUser;
  /** The validated request (amounts already parsed). */
  request: unknown;
  req: Request;
}

/** Services a provider may use while it is built. */
export interface ProviderEnv {
  /** The option path of this provider's config, e.g. "providers.fluz". */
  option: string;
  logger: Logger;
  store: Store;
  now: () => number;
  /** Register a secret so no log line can print it. */
  registerSecret(secret: string): void;
}

export interface ProviderInstance {
  routes: ProviderRoute[];
  close?(): Promise<void>;
}

/**
 * A provider: one module, validated once. Adding a provider is one new file
 * exporting a `ProviderDefinition` and one line in `providers/index.ts`.
 */
export interface ProviderDefinition {
  /** The key under `options.providers`. */
  id: string;
  create(config: unknown, env: ProviderEnv): ProviderInstance;
}

/** Type the `route` helper so `parse`'s result flows into `handle`. */
export function defineRoute<Parsed>(route: ProviderRoute<Parsed>): ProviderRoute {
  return route as ProviderRoute;
}

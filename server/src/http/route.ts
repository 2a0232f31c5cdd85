import type { Request } from "express";
import type { Logger } from "../logger.js";
import type { Store } from "../stores/store.js";
import type { WidgetUser } from "../user.js";
import type { BodySchema } from "./body-schema.js";

/**
 * Hooks get Express's own `Request` (`import type { Request } from "express"`),
 * so `req.session`, `req.get()` and whatever the app's own declaration
 * merging adds (express-session, cookie-session, passport) type-check.
 */
export type HookRequest = Request;

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What an `authorize` hook sees: which provider, who, the validated request
 * (amounts already parsed) and the Express request.
 *
 * @example
 * const authorize = ({ user, request }: RouteAuthorizeContext<"fluz", { amount: number }>) =>
 *   request.amount <= limitOf(user);
 */
export interface RouteAuthorizeContext<Provider extends string = string, Parsed = unknown> {
  provider: Provider;
  user: WidgetUser;
  /** The validated request (amounts already parsed). */
  request: Parsed;
  req: HookRequest;
}

/** What a route's handler gets: who, what, and the shared services. */
interface RouteContext<Parsed> {
  user: WidgetUser;
  request: Parsed;
  req: HookRequest;
  store: Store;
  logger: Logger;
  /** Clock in ms (injectable for tests). */
  now: () => number;
}

interface RouteResult {
  /** Default 201. */
  status?: number;
  body: unknown;
  /** When what was minted stops being usable; bounds the idempotency replay. */
  expiresAt?: Date;
  /**
   * A short reference from which `rebuild` makes this same body again (Fluz:
   * the `jti` of its ledger entry, from which the same HS256 token is signed
   * again). An `Idempotency-Key` record then keeps this instead of the
   * sealed answer: no token at rest, a few bytes instead of a kilobyte.
   */
  replayRef?: string;
}

/**
 * One HTTP route of a provider. The shared pipeline does origin, body,
 * identity, rate limit, idempotency and policy; the route only parses its
 * body and mints or exchanges.
 *
 * @example
 * const route: ProviderRoute<{ amount: number }> = {
 *   method: "POST",
 *   path: "/fluz/pat-token",
 *   parse: (body) => ({ amount: Number(body.amount) }),
 *   handle: async ({ request }) => ({ body: { amount: request.amount } }),
 * };
 */
export interface ProviderRoute<Parsed = unknown> {
  method: HttpMethod;
  /** Exact path below the mount point, e.g. "/fluz/pat-token". Never normalized. */
  path: string;
  /**
   * Validate the browser's body (an empty object for GET). Throw
   * `invalidRequest(field, message)` for a bad field. A route that declares
   * `body` gets this from `defineRoute`: the one reader checks its schema.
   */
  parse(body: Record<string, unknown>, user: WidgetUser): Parsed;
  /** The body as data (fields, types, limits), when the route declares one: what `parse` checks. */
  body?: BodySchema<Parsed>;
  handle(ctx: RouteContext<Parsed>): Promise<RouteResult>;
  /** Honour `Idempotency-Key` (default true for POST). */
  idempotent?: boolean;
  /**
   * The longest `handle`'s upstream calls may take, in ms (the sum of their
   * timeouts, retries included); 0 or absent for a route that calls no one.
   * Computed once when the route is built; it bounds the lifetime of the
   * in-progress `Idempotency-Key` marker (`inProgressLifetimeMs`).
   */
  deadlineMs?: number;
  /**
   * Part of an allow-list: a method not listed for this path answers 404, as
   * an unlisted path does, instead of 405.
   */
  allowListed?: boolean;
  /**
   * The body of an earlier answer, rebuilt from its `RouteResult.replayRef`
   * for an `Idempotency-Key` replay to `user` (whose key it was); undefined
   * when what it needs is gone.
   */
  rebuild?(ref: string, user: WidgetUser): Promise<unknown>;
  /** A per-route policy check, run after the merchant's `authorize`. */
  authorize?(ctx: RouteAuthorizeContext<string, Parsed>): boolean | Promise<boolean>;
}

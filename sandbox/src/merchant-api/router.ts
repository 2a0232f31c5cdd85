import type { KeyObject } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { mountCustomerCreate } from "./customer-route.js";
import { mountLogin } from "./login-route.js";
import { mountRefresh } from "./refresh-route.js";
import { createSessionDeclines } from "./session-declines.js";
import {
  type MerchantApiSandboxCounts,
  type MerchantApiState,
  type SandboxMerchantApiOptions,
  fail,
  zeroCounts,
} from "./state.js";
import { MerchantTokenIssuer } from "./tokens.js";

export type { MerchantApiSandboxCounts, SandboxMerchantApiOptions } from "./state.js";

export interface MerchantApiSandbox {
  /** Routes under `/merchant-api` (the client's baseUrl is `<sandbox>/merchant-api`). */
  router: Router;
  /** The account it accepts. */
  options: Readonly<SandboxMerchantApiOptions>;
  /** Report to and obey these hooks from now on (`startSandbox` connects its own). */
  connect(hooks: SandboxHooks): void;
  counts: MerchantApiSandboxCounts;
  /** The key that signs the RS256 tokens. */
  publicKey: KeyObject;
  /** Make every access (or refresh) token issued so far answer as expired. */
  expireIssued(kind: "access" | "refresh"): void;
  /** Change the lifetimes (seconds) of the tokens issued from now on. */
  setLifetimes(lifetimes: { access?: number; refresh?: number }): void;
  /** Zero the counters. */
  resetCounts(): void;
}

/**
 * The merchant API stand-in, under `/merchant-api`:
 * `POST /v2/auth/login` (body `{token: email, password}`, header
 * `merchant_id`), `POST /v2/auth/refresh` (body `{refreshToken}`), and
 * `POST /v2/customer/create` (Bearer access token or `Api-key`). Tokens are
 * RS256 JWTs signed with a key pair made at start. Error bodies are the ones
 * documented in docs/providers/merchant-api.md. The `decline` fault rejects
 * logins (401 `INVALID_CREDENTIALS`) and refreshes (401 `REFRESH_TOKEN_EXPIRED`).
 *
 * @example
 * const merchant = createMerchantApiSandbox({ merchantId, email, password });
 * app.use(merchant.router);
 * merchant.counts.logins; // 0
 */
export function createMerchantApiSandbox(
  options: SandboxMerchantApiOptions,
  initialHooks: SandboxHooks = createSandboxHooks(),
): MerchantApiSandbox {
  const issuer = new MerchantTokenIssuer({
    access: options.accessTokenTtlSeconds ?? 1800,
    refresh: options.refreshTokenTtlSeconds ?? 172_800,
  });
  let current = initialHooks;
  const hooks: SandboxHooks = {
    get inspect() {
      return current.inspect;
    },
    get faults() {
      return current.faults;
    },
    get notifications() {
      return current.notifications;
    },
    get resets() {
      return current.resets;
    },
  };
  const counts = zeroCounts();
  const declines = createSessionDeclines(() => current.faults);
  const state: MerchantApiState = { options, hooks, issuer, counts, declines };
  let unregister = current.resets.add(declines.reset);
  const router = express.Router();
  mountLogin(router, state);
  mountRefresh(router, state);
  mountCustomerCreate(router, state);

  // Anything else under the prefix: the provider's own 404; a body it cannot parse: 400.
  router.use("/merchant-api", (_req, res) => {
    fail(res, 404, { code: "NOT_FOUND", message: "No such endpoint" });
  });
  router.use(
    "/merchant-api",
    (_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      fail(res, 400, { code: "INVALID_JSON", message: "Body must be JSON" });
    },
  );

  return {
    router,
    options: { ...options },
    connect(next) {
      unregister();
      current = next;
      unregister = next.resets.add(declines.reset);
    },
    counts,
    publicKey: issuer.publicKey,
    expireIssued: (kind) => issuer.expireIssued(kind),
    resetCounts: () => Object.assign(counts, zeroCounts()),
    setLifetimes: ({ access, refresh }) => {
      if (access !== undefined) issuer.setLifetime("access", access);
      if (refresh !== undefined) issuer.setLifetime("refresh", refresh);
    },
  };
}

/**
 * The router for `SandboxOptions.merchantApi`: options, or a sandbox a test
 * built to read its counters (connected to `hooks`).
 *
 * @example
 * app.use(sandboxMerchantApi({ merchantId, email, password }, hooks));
 */
export function sandboxMerchantApi(
  options: SandboxMerchantApiOptions | MerchantApiSandbox,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  if (!("router" in options)) return createMerchantApiSandbox(options, hooks).router;
  options.connect(hooks);
  return options.router;
}

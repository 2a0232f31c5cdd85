import { type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { TokenRejection } from "../inspect/verdict.js";
import { summarizeMerchantApi } from "./summarize.js";
import { MerchantTokenIssuer, type MerchantTokenKind, type VerifyResult } from "./tokens.js";

export interface SandboxMerchantApiOptions {
  merchantId: string;
  email: string;
  password: string;
  /** Accepted in the `Api-key` header instead of a Bearer token. */
  apiKey?: string;
  /** Access token lifetime, seconds. Default 1800 (30 minutes). */
  accessTokenTtlSeconds?: number;
  /** Refresh token lifetime, seconds. Default 172800 (2 days). */
  refreshTokenTtlSeconds?: number;
}

/** What the sandbox has served, for tests. */
export interface MerchantApiSandboxCounts {
  /** Successful logins. */
  logins: number;
  /** Refused logins (wrong credentials). */
  failedLogins: number;
  /** Successful refreshes. */
  refreshes: number;
  /** Refreshes refused with REFRESH_TOKEN_EXPIRED. */
  expiredRefreshes: number;
  /** API calls refused with TokenExpiredError. */
  expiredAccess: number;
  /** Customers created. */
  customers: number;
}

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

const zero = (): MerchantApiSandboxCounts => ({
  logins: 0,
  failedLogins: 0,
  refreshes: 0,
  expiredRefreshes: 0,
  expiredAccess: 0,
  customers: 0,
});

const fail = (res: Response, status: number, body: Record<string, unknown>) => {
  res.status(status).json(body);
};

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
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
  };
  const counts = zero();
  const router = express.Router();
  const json = express.json({ limit: "16kb" });
  const serverError = (res: Response) => {
    res.json({ code: "INTERNAL_ERROR", message: "Internal server error" });
  };
  const subOf = (token: unknown) => {
    const sub = decodeLoosely(typeof token === "string" ? token : "").claims?.sub;
    return typeof sub === "string" ? sub : undefined;
  };

  /** Verify a token the API received and record it with its verdict. */
  const received = async (
    req: Request,
    res: Response,
    kind: MerchantTokenKind,
    token: unknown,
  ): Promise<VerifyResult> => {
    let result: VerifyResult | undefined;
    await receiveToken(
      hooks,
      req,
      res,
      { provider: "merchantApi", kind, token, summarize: summarizeMerchantApi },
      async () => {
        result = await issuer.verify(token, kind);
        if (!result.ok) throw new TokenRejection(result.detail.reason, result.detail);
      },
    );
    return result!;
  };

  const tokens = async () => {
    const access = await issuer.issue("access", options.email, options.merchantId);
    const refresh = await issuer.issue("refresh", options.email, options.merchantId);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      tokenType: "Bearer",
      expiresIn: access.exp - Math.floor(Date.now() / 1000),
      refreshExpiresIn: refresh.exp - Math.floor(Date.now() / 1000),
    };
  };

  router.post(
    "/merchant-api/v2/auth/login",
    json,
    faultPoint(hooks, {
      provider: "merchantApi",
      serverError,
      userOf: (req) => (typeof req.body?.token === "string" ? req.body.token : undefined),
      decline: (res) => {
        counts.logins--;
        counts.failedLogins++;
        fail(res, 401, { code: "INVALID_CREDENTIALS", message: "Invalid email or password" });
      },
    }),
    async (req, res) => {
      const merchantId = req.get("merchant_id");
      if (!merchantId) {
        fail(res, 400, {
          code: "MERCHANT_ID_REQUIRED",
          message: "The merchant_id header is required",
        });
        return;
      }
      const { token, password } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof token !== "string" || typeof password !== "string") {
        fail(res, 400, { code: "VALIDATION_ERROR", message: "token and password are required" });
        return;
      }
      if (
        !same(merchantId, options.merchantId) ||
        !same(token, options.email) ||
        !same(password, options.password)
      ) {
        counts.failedLogins++;
        fail(res, 401, { code: "INVALID_CREDENTIALS", message: "Invalid email or password" });
        return;
      }
      counts.logins++;
      res.json(await tokens());
    },
  );

  router.post(
    "/merchant-api/v2/auth/refresh",
    json,
    faultPoint(hooks, {
      provider: "merchantApi",
      serverError,
      userOf: (req) => subOf(req.body?.refreshToken),
      decline: (res) => {
        counts.refreshes--;
        counts.expiredRefreshes++;
        fail(res, 401, {
          code: "REFRESH_TOKEN_EXPIRED",
          message: "Refresh token expired, log in again",
        });
      },
    }),
    async (req, res) => {
      const result = await received(req, res, "refresh", req.body?.refreshToken);
      if (!result.ok) {
        if (result.reason === "expired") {
          counts.expiredRefreshes++;
          fail(res, 401, {
            code: "REFRESH_TOKEN_EXPIRED",
            message: "Refresh token expired, log in again",
          });
        } else {
          fail(res, 401, { code: "INVALID_REFRESH_TOKEN", message: "Refresh token is invalid" });
        }
        return;
      }
      counts.refreshes++;
      res.json(await tokens());
    },
  );

  async function authenticate(req: Request, res: Response, next: NextFunction) {
    const apiKey = req.get("api-key");
    if (apiKey !== undefined) {
      if (options.apiKey !== undefined && same(apiKey, options.apiKey)) {
        next();
        return;
      }
      fail(res, 401, { code: "INVALID_API_KEY", message: "Api-key is not valid" });
      return;
    }
    const auth = req.get("authorization") ?? "";
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
    const result = await received(req, res, "access", bearer);
    if (result.ok) {
      next();
      return;
    }
    if (result.reason === "expired") {
      counts.expiredAccess++;
      fail(res, 401, {
        name: "TokenExpiredError",
        message: "jwt expired",
        expiredAt: result.expiredAt.toISOString(),
      });
      return;
    }
    fail(res, 401, { name: "JsonWebTokenError", message: "invalid token" });
  }

  const apiFaults = faultPoint(hooks, {
    provider: "merchantApi",
    serverError,
    userOf: (req) => subOf(/^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1]),
  });

  router.post("/merchant-api/v2/customer/create", json, apiFaults, authenticate, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const field of ["firstName", "lastName", "email"] as const) {
      const value = body[field];
      if (typeof value !== "string" || value.trim().length === 0 || value.length > 200) {
        fail(res, 422, { code: "VALIDATION_ERROR", message: `${field} is required`, field });
        return;
      }
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email as string)) {
      fail(res, 422, { code: "VALIDATION_ERROR", message: "email is not valid", field: "email" });
      return;
    }
    counts.customers++;
    res.status(201).json({
      customerId: `cus_${randomBytes(8).toString("hex")}`,
      firstName: body.firstName,
      lastName: body.lastName,
      email: body.email,
      status: "ACTIVE",
      createdAt: new Date().toISOString(),
    });
  });

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
      current = next;
    },
    counts,
    publicKey: issuer.publicKey,
    expireIssued: (kind) => issuer.expireIssued(kind),
    resetCounts: () => Object.assign(counts, zero()),
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

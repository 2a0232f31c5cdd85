import { timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { SandboxHooks } from "../hooks.js";
import { decodeLoosely, receiveToken } from "../inspect/receive-token.js";
import { TokenRejection } from "../inspect/verdict.js";
import type { SessionDeclines } from "./session-declines.js";
import { summarizeMerchantApi } from "./summarize.js";
import type { MerchantTokenIssuer, MerchantTokenKind, VerifyResult } from "./tokens.js";

/** The merchant-API stand-in's options: the one account it accepts. */
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

/** What the merchant-API stand-in's routes share. */
export interface MerchantApiState {
  options: SandboxMerchantApiOptions;
  hooks: SandboxHooks;
  issuer: MerchantTokenIssuer;
  counts: MerchantApiSandboxCounts;
  /** The per-customer `decline` walking the client through a refused login. */
  declines: SessionDeclines;
}

/**
 * Every counter at zero.
 *
 * @example
 * Object.assign(counts, zeroCounts());
 */
export const zeroCounts = (): MerchantApiSandboxCounts => ({
  logins: 0,
  failedLogins: 0,
  refreshes: 0,
  expiredRefreshes: 0,
  expiredAccess: 0,
  customers: 0,
});

/**
 * Answer with the merchant API's error body.
 *
 * @example
 * fail(res, 401, { code: "INVALID_CREDENTIALS", message: "Invalid email or password" });
 */
export const fail = (res: Response, status: number, body: Record<string, unknown>): void => {
  res.status(status).json(body);
};

/** The merchant API's 500 body, for the `500` fault. */
export const serverError = (res: Response): void => {
  res.json({ code: "INTERNAL_ERROR", message: "Internal server error" });
};

/**
 * Compare secrets in constant time.
 *
 * @example
 * same(password, options.password);
 */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The `sub` of a token, unverified (whom a fault switch aims at).
 *
 * @example
 * subOf(req.body?.refreshToken); // "qa@merchant.example"
 */
export function subOf(token: unknown): string | undefined {
  const sub = decodeLoosely(typeof token === "string" ? token : "").claims?.sub;
  return typeof sub === "string" ? sub : undefined;
}

/**
 * Verify a token the API received and record it with its verdict.
 *
 * @example
 * const result = await receivedToken(state, req, res, "refresh", req.body?.refreshToken);
 */
export async function receivedToken(
  state: MerchantApiState,
  req: Request,
  res: Response,
  kind: MerchantTokenKind,
  token: unknown,
  /** The user to record instead of the token's `sub` (the customer of an API call). */
  user?: string,
): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  const receipt = {
    provider: "merchantApi",
    kind,
    token,
    summarize: (claims: Record<string, unknown> | null) => ({
      ...summarizeMerchantApi(claims),
      ...(user === undefined ? {} : { user }),
    }),
  } as const;
  await receiveToken(state.hooks, req, res, receipt, async (now) => {
    result = await state.issuer.verify(token, kind, now);
    if (!result.ok) throw new TokenRejection(result.detail.reason, result.detail);
  });
  return result!;
}

/**
 * A fresh access and refresh token pair, as login and refresh answer it.
 *
 * @example
 * res.json(await issueTokens(state));
 */
export async function issueTokens(state: MerchantApiState) {
  const { email, merchantId } = state.options;
  const access = await state.issuer.issue("access", email, merchantId);
  const refresh = await state.issuer.issue("refresh", email, merchantId);
  state.declines.pair(access.jti, refresh.jti);
  return {
    accessToken: access.token,
    refreshToken: refresh.token,
    tokenType: "Bearer",
    expiresIn: access.exp - Math.floor(Date.now() / 1000),
    refreshExpiresIn: refresh.exp - Math.floor(Date.now() / 1000),
  };
}

import type { Request, RequestHandler } from "express";
import { type MerchantApiState, fail, receivedToken, same } from "./state.js";

/**
 * The API's authentication: the `Api-key` header, else a Bearer access
 * token (an expired one: 401 `TokenExpiredError`, as jsonwebtoken names it).
 *
 * @example
 * router.post("/merchant-api/v2/customer/create", json, authenticate(state), handler);
 */
export function authenticate(
  state: MerchantApiState,
  /** Whom the call is for, recorded as the token's user (default: the token's `sub`). */
  userOf?: (req: Request) => string | undefined,
): RequestHandler {
  return async (req, res, next) => {
    const apiKey = req.get("api-key");
    if (apiKey !== undefined) {
      if (state.options.apiKey !== undefined && same(apiKey, state.options.apiKey)) {
        next();
        return;
      }
      fail(res, 401, { code: "INVALID_API_KEY", message: "Api-key is not valid" });
      return;
    }
    const bearer = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];
    const result = await receivedToken(state, req, res, "access", bearer, userOf?.(req));
    if (result.ok) {
      next();
      return;
    }
    if (result.reason === "expired") {
      state.counts.expiredAccess++;
      fail(res, 401, {
        name: "TokenExpiredError",
        message: "jwt expired",
        expiredAt: result.expiredAt.toISOString(),
      });
      return;
    }
    fail(res, 401, { name: "JsonWebTokenError", message: "invalid token" });
  };
}

import express, { type Response, type Router } from "express";
import { appliedFaults, faultPoint } from "../faults/fault-point.js";
import {
  type MerchantApiState,
  fail,
  issueTokens,
  receivedToken,
  serverError,
  subOf,
} from "./state.js";

const refreshExpired = (res: Response) => {
  fail(res, 401, { code: "REFRESH_TOKEN_EXPIRED", message: "Refresh token expired, log in again" });
};

/**
 * `POST /merchant-api/v2/auth/refresh`: body `{refreshToken}`; a new token
 * pair. The `decline` fault refuses it (401 `REFRESH_TOKEN_EXPIRED`).
 *
 * @example
 * mountRefresh(router, state);
 */
export function mountRefresh(router: Router, state: MerchantApiState): void {
  const { counts } = state;
  router.post(
    "/merchant-api/v2/auth/refresh",
    express.json({ limit: "16kb" }),
    faultPoint(state.hooks, {
      provider: "merchantApi",
      serverError,
      userOf: (req) => subOf(req.body?.refreshToken),
      decline: (res) => {
        counts.refreshes--;
        counts.expiredRefreshes++;
        refreshExpired(res);
      },
    }),
    async (req, res) => {
      const result = await receivedToken(state, req, res, "refresh", req.body?.refreshToken);
      if (!result.ok) {
        if (result.reason === "expired") {
          counts.expiredRefreshes++;
          refreshExpired(res);
        } else {
          fail(res, 401, { code: "INVALID_REFRESH_TOKEN", message: "Refresh token is invalid" });
        }
        return;
      }
      // A customer's `decline` (SessionDeclines): this session's refresh is refused, a login follows.
      if (state.declines.refuseRefresh(result.claims.jti)) {
        for (const record of appliedFaults(res)?.records ?? []) record.faults.push("decline");
        counts.expiredRefreshes++;
        refreshExpired(res);
        return;
      }
      counts.refreshes++;
      res.json(await issueTokens(state));
    },
  );
}

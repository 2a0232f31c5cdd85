import express, { type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { type MerchantApiState, fail, issueTokens, same, serverError } from "./state.js";

/**
 * `POST /merchant-api/v2/auth/login`: body `{token: email, password}`,
 * header `merchant_id`; a token pair for the account. The `decline` fault
 * refuses it (401 `INVALID_CREDENTIALS`).
 *
 * @example
 * mountLogin(router, state);
 */
export function mountLogin(router: Router, state: MerchantApiState): void {
  const { counts, options } = state;
  router.post(
    "/merchant-api/v2/auth/login",
    express.json({ limit: "16kb" }),
    faultPoint(state.hooks, {
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
      // The last step of a customer's `decline` (SessionDeclines): the login that follows is refused.
      if (state.declines.refuseLogin()) {
        counts.failedLogins++;
        fail(res, 401, { code: "INVALID_CREDENTIALS", message: "Invalid email or password" });
        return;
      }
      counts.logins++;
      res.json(await issueTokens(state));
    },
  );
}

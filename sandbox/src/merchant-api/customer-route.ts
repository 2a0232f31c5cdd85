import { randomBytes } from "node:crypto";
import express, { type Request, type RequestHandler, type Router } from "express";
import { appliedFaults, faultPoint } from "../faults/fault-point.js";
import { scopeOf } from "../hooks.js";
import { decodeLoosely } from "../inspect/receive-token.js";
import { authenticate } from "./authenticate.js";
import { type MerchantApiState, fail, serverError, subOf } from "./state.js";

/**
 * The `decline` switch of a customer's call (after `authenticate`): an
 * `Api-key` is refused as not valid; a session's call starts the walk
 * through a refused login (`SessionDeclines`) with a 401 `TokenExpiredError`.
 */
function declineSession(
  state: MerchantApiState,
  customerOf: (req: Request) => string | undefined,
): RequestHandler {
  return (req, res, next) => {
    const user = customerOf(req);
    const rule =
      user === undefined
        ? null
        : state.hooks.faults.plan("merchantApi", { scope: scopeOf(req), user }).failure;
    if (rule?.kind !== "decline" || user === undefined) {
      next();
      return;
    }
    for (const record of appliedFaults(res)?.records ?? []) record.faults.push("decline");
    if (req.get("api-key") !== undefined) {
      state.hooks.faults.spend(rule);
      fail(res, 401, { code: "INVALID_API_KEY", message: "Api-key is not valid" });
      return;
    }
    const bearer = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1] ?? "";
    const jti = decodeLoosely(bearer).claims?.jti;
    state.declines.begin(rule, user, typeof jti === "string" ? jti : undefined);
    fail(res, 401, {
      name: "TokenExpiredError",
      message: "jwt expired",
      expiredAt: new Date().toISOString(),
    });
  };
}

/**
 * `POST /merchant-api/v2/customer/create` (Bearer access token or
 * `Api-key`): `{firstName, lastName, email}` → 201 and the customer. The
 * access token is recorded, and fault switches match, for the customer
 * (`email`, lower-cased), else for the merchant.
 *
 * @example
 * mountCustomerCreate(router, state);
 */
export function mountCustomerCreate(router: Router, state: MerchantApiState): void {
  // The call's user is the customer it is made for, not the merchant whose
  // session makes every call: a test's own shopper, so its faults and its
  // tokens are its own however many tests share the merchant's session.
  const customerOf = (req: Request) =>
    typeof req.body?.email === "string" && req.body.email.length <= 200
      ? req.body.email.toLowerCase()
      : undefined;
  const faults = faultPoint(state.hooks, {
    provider: "merchantApi",
    serverError,
    userOf: (req) =>
      customerOf(req) ?? subOf(/^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1]),
  });
  const json = express.json({ limit: "16kb" });
  const auth = authenticate(state, customerOf);
  const decline = declineSession(state, customerOf);
  router.post("/merchant-api/v2/customer/create", json, faults, auth, decline, (req, res) => {
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
    state.counts.customers++;
    res.status(201).json({
      customerId: `cus_${randomBytes(8).toString("hex")}`,
      firstName: body.firstName,
      lastName: body.lastName,
      email: body.email,
      status: "ACTIVE",
      createdAt: new Date().toISOString(),
    });
  });
}

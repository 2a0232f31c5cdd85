import { randomBytes } from "node:crypto";
import express, { type Request, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { authenticate } from "./authenticate.js";
import { type MerchantApiState, fail, serverError, subOf } from "./state.js";

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
  router.post("/merchant-api/v2/customer/create", json, faults, auth, (req, res) => {
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

import express, { type Router } from "express";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { forgetNotified } from "./notifications.js";
import { mountReferralPage } from "./referral-page.js";
import { mountSquatchJs } from "./squatch-route.js";
import { type SandboxImpactOptions, impactState } from "./state.js";
import { mountWidgetApi } from "./widget-api.js";

export { SANDBOX_SQUATCH_JS_PATH } from "./squatch-route.js";
export type { SandboxImpactOptions } from "./state.js";

/** The `domain` squatch-js is pointed at: the widget API lives below it. */
export const SANDBOX_IMPACT_DOMAIN_PATH = "/impact";

/**
 * The impact.com (SaaSquatch) stand-in, all below `/impact`:
 * - `GET /impact/squatch.js`: the real squatch-js UMD build from npm, unmodified;
 * - `PUT /impact/api/v1/{tenant}/widget/account/{accountId}/user/{id}/upsert`:
 *   the verified-widget call (token in `X-SaaSquatch-User-Token`);
 * - `POST /impact/api/v1/{tenant}/graphql`: `renderWidget` (token as `Authorization: Bearer`);
 * - `GET /impact/r/{code}`: where a referral link lands.
 * Tokens are checked as impact.com does (see `verifyUserToken`); the first
 * widget rendered with a token notifies the merchant's server, when a
 * `notificationSecret` is set (`notifyVerified`). The
 * `decline` fault refuses the user (403 `USER_BLOCKED`). Mount it at the
 * root of an app served at `origin`.
 *
 * @example
 * app.use(sandboxImpact({ accountSid, authToken, tenantAlias }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxImpact(
  options: SandboxImpactOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const state = impactState(options, origin, hooks);
  hooks.resets.add((filter) => forgetNotified(state, filter));
  const router = express.Router();
  mountSquatchJs(router);
  mountReferralPage(router);
  mountWidgetApi(router, state);
  return router;
}

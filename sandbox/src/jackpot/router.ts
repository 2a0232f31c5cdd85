import express, { type Router } from "express";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { serveFramePage, serveScript } from "../serve.js";
import { type SandboxJackpotOptions, jackpotState } from "./state.js";
import { mountTokenRoutes } from "./token-routes.js";
import { mountWidgetApi } from "./widget-api.js";
import { jackpotWidgetPage } from "./widget-page.js";
import { jackpotWidgetScript } from "./widget-script.js";

export type { SandboxJackpotOptions } from "./state.js";

/**
 * The Jackpot stand-in.
 * - `POST /jackpot/v2/token`: the OAuth 2.0 JWT-bearer grant (RFC 7523), JSON
 *   `{grant_type, client_id, assertion}` → `{access_token, token_type, expires_in}`.
 * - `POST /jackpot/v1/token`: the older shape, header `X-Api-Key`, body
 *   `{token}` → `{sessionToken, expiresIn}`.
 * - `GET /jackpot/widget` (iframe page) and `GET /jackpot/widget.js` (script
 *   defining `window.JackpotWidget.open`), fed by `POST /jackpot/api/session`
 *   and `POST /jackpot/api/convert`.
 * Every assertion is accepted once; a second exchange gets 400 invalid_grant.
 * The `decline` fault refuses an exchange (400 `invalid_grant`, the
 * assertion spent). Mount it at the root of an app served at `origin`.
 *
 * @example
 * app.use(sandboxJackpot({ apiKey, apiSignature }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxJackpot(
  options: SandboxJackpotOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const state = jackpotState(options, hooks);
  const router = express.Router();
  mountTokenRoutes(router, state);
  serveScript(router, "/jackpot/widget.js", jackpotWidgetScript(origin));
  serveFramePage(router, "/jackpot/widget", jackpotWidgetPage);
  mountWidgetApi(router, state);
  return router;
}

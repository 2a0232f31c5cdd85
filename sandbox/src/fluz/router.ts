import express, { type Router } from "express";
import { type SandboxHooks, createSandboxHooks } from "../hooks.js";
import { serveFramePage, serveScript } from "../serve.js";
import { mountConfirm } from "./confirm-route.js";
import { fluzModalPage } from "./modal-page.js";
import { type SandboxFluzOptions, fluzState, forgetFluzUser } from "./state.js";
import { mountVerify } from "./verify-route.js";
import { fluzWidgetScript } from "./widget-script.js";

export type { SandboxFluzOptions } from "./state.js";

/**
 * The Fluz stand-in: `GET /fluz/widget.js`, the modal at `GET /fluz/modal`,
 * and its API. `POST /fluz/api/verify` checks the patToken and spends its
 * `jti` (a token opens the widget once); `POST /fluz/api/confirm` approves
 * the transfer (the `decline` fault refuses it: 402 `TRANSFER_DECLINED`).
 * Mount it at the root of an app; `origin` is where that app is served.
 *
 * @example
 * const hooks = createSandboxHooks();
 * app.use(sandboxFluz({ apiKey, apiSecret }, "http://127.0.0.1:4010", hooks));
 */
export function sandboxFluz(
  options: SandboxFluzOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Router {
  const state = fluzState(options, hooks);
  hooks.resets.add((filter) => forgetFluzUser(state, filter));
  const router = express.Router();
  serveScript(router, "/fluz/widget.js", fluzWidgetScript(origin));
  serveFramePage(router, "/fluz/modal", fluzModalPage);
  mountVerify(router, state);
  mountConfirm(router, state);
  return router;
}

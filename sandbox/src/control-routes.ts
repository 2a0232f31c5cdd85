import express, { type Router } from "express";
import { faultRoutes } from "./faults/fault-routes.js";
import type { SandboxHooks } from "./hooks.js";
import { inspectRoutes } from "./inspect/inspect-routes.js";
import { notificationRoutes } from "./notification-routes.js";
import { resetRoutes } from "./reset-routes.js";

/**
 * The sandbox's own routes, for tests and people: `/__inspect` (JSON),
 * `/__inspect/next` (wait for a token), `/__inspect/` (the page),
 * `/__faults` (the switches), `/__notifications` (the notifications sent,
 * their delivery faults, the release of held ones) and `/__reset` (forget a
 * user's or a test's state). Mount next to stand-ins sharing `hooks`.
 *
 * @example
 * const hooks = createSandboxHooks();
 * app.use(sandboxFluz(fluzOptions, origin, hooks));
 * app.use(sandboxControlRoutes(hooks));
 */
export function sandboxControlRoutes(hooks: SandboxHooks): Router {
  const router = express.Router();
  router.use(inspectRoutes(hooks));
  router.use(faultRoutes(hooks));
  router.use(notificationRoutes(hooks));
  router.use(resetRoutes(hooks));
  return router;
}

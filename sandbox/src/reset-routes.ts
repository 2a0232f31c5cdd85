import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { SandboxError } from "./errors.js";
import type { SandboxHooks } from "./hooks.js";
import { resetSandbox } from "./reset.js";

/**
 * `POST /__reset` (JSON `{user?, scope?}`, `{}` for everything) → 200
 * `{faults, tokens, state}`: how many switches, token records and stand-in
 * entries were forgotten (see `resetSandbox`); 400 `INVALID_RESET` naming
 * the field of a bad body.
 *
 * @example
 * await fetch(`${url}/__reset`, { method: "POST", headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ user: "qa_fluz_1" }) });
 */
export function resetRoutes(hooks: SandboxHooks): Router {
  const router = express.Router();
  // JSON only: a page on another origin cannot reset the sandbox with a form post.
  router.post("/__reset", express.json({ limit: "4kb" }), (req, res) => {
    if (!req.is("application/json")) {
      const err = new SandboxError("INVALID_RESET", "send {user?, scope?} as application/json");
      res.status(415).json(err.toJSON());
      return;
    }
    try {
      res.set("Cache-Control", "no-store").json(resetSandbox(hooks, req.body));
    } catch (err) {
      if (!(err instanceof SandboxError)) throw err;
      res.status(err.status).json(err.toJSON());
    }
  });
  router.use("/__reset", (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(400).json(new SandboxError("INVALID_RESET", "the body must be JSON").toJSON());
  });
  return router;
}

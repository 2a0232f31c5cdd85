import { randomBytes } from "node:crypto";
import express, { type Response, type Router } from "express";
import { SandboxError } from "../errors.js";
import type { SandboxHooks } from "../hooks.js";
import { renderInspectPage } from "./inspect-page.js";
import { parseTimeout, parseTokenFilter } from "./token-filter-query.js";

const sendError = (res: Response, err: unknown) => {
  if (!(err instanceof SandboxError)) throw err;
  res.status(err.status).set("Cache-Control", "no-store").json(err.toJSON());
};

/**
 * The inspection API over HTTP:
 * - `GET /__inspect` → `{cursor, tokens}` (oldest first), filtered by the
 *   query: `provider`, `kind`, `user`, `scope`, `verdict`, `since`;
 * - `GET /__inspect/next?provider=…&since=…&timeoutMs=…` → `{token}`, the
 *   first matching token after `since` (default: from now), waiting for it
 *   (408 `INSPECT_TIMEOUT` when none came);
 * - `DELETE /__inspect` → 204, forget them;
 * - `GET /__inspect/` → the same as an HTML page for people.
 *
 * @example
 * app.use(inspectRoutes(hooks));
 */
export function inspectRoutes(hooks: SandboxHooks): Router {
  // strict: `/__inspect` (JSON) and `/__inspect/` (the page) are two routes.
  const router = express.Router({ strict: true });

  router.get("/__inspect", (req, res) => {
    try {
      const filter = parseTokenFilter(req.query);
      res
        .set("Cache-Control", "no-store")
        .json({ cursor: hooks.inspect.cursor(), tokens: hooks.inspect.tokens(filter) });
    } catch (err) {
      sendError(res, err);
    }
  });

  router.get("/__inspect/next", async (req, res) => {
    const aborted = new AbortController();
    res.on("close", () => aborted.abort(new SandboxError("SANDBOX_CLOSED", "client went away")));
    try {
      const filter = parseTokenFilter(req.query);
      const timeoutMs = parseTimeout(req.query.timeoutMs);
      const token = await hooks.inspect.waitFor({ ...filter, timeoutMs, signal: aborted.signal });
      res.set("Cache-Control", "no-store").json({ token });
    } catch (err) {
      if (!res.writableEnded && !aborted.signal.aborted) sendError(res, err);
    }
  });

  router.delete("/__inspect", (_req, res) => {
    hooks.inspect.clear();
    res.status(204).end();
  });

  router.get("/__inspect/", (req, res) => {
    let filter: ReturnType<typeof parseTokenFilter>;
    try {
      filter = parseTokenFilter(req.query);
    } catch {
      filter = {};
    }
    const nonce = randomBytes(16).toString("base64");
    res
      .set({
        "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      })
      .type("html")
      .send(
        renderInspectPage({
          tokens: hooks.inspect.tokens(filter).reverse(),
          faults: hooks.faults.list(),
          filter,
          nonce,
        }),
      );
  });

  return router;
}

import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { SandboxError } from "../errors.js";
import type { SandboxHooks } from "../hooks.js";
import { parseProviderId } from "../provider-ids.js";
import type { FaultFilter } from "./fault-registry.js";
import { type FaultSpec, parseFaultSpec } from "./fault-spec.js";

const sendError = (res: Response, err: unknown) => {
  if (!(err instanceof SandboxError)) throw err;
  res.status(err.status).json(err.toJSON());
};

const text = (value: unknown) =>
  typeof value === "string" && value.length > 0 ? value : undefined;

/**
 * The fault switches over HTTP:
 * - `GET /__faults` → `{faults}`, the switches that are on;
 * - `POST /__faults` (JSON: one switch, an array, or `{faults: [...]}`) →
 *   201 `{faults}` with their ids; all or none are set;
 * - `DELETE /__faults?provider=…&scope=…&user=…` → `{cleared}` (all without a query);
 * - `DELETE /__faults/{id}` → 204, or 404.
 * A switch is `{kind, provider?, scope?, user?, ms?, shape?, times?}` (see `FaultSpec`).
 *
 * @example
 * await fetch(`${url}/__faults`, { method: "POST", headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ kind: "500", provider: "fluz", scope: "test-1" }) });
 */
export function faultRoutes(hooks: SandboxHooks): Router {
  const router = express.Router();

  router.get("/__faults", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ faults: hooks.faults.list() });
  });

  // JSON only: a page on another origin cannot flip switches with a form post.
  router.post("/__faults", express.json({ limit: "32kb", strict: false }), (req, res) => {
    try {
      if (!req.is("application/json")) {
        res
          .status(415)
          .json(
            new SandboxError("INVALID_FAULT", "send the switches as application/json").toJSON(),
          );
        return;
      }
      const body = req.body as unknown;
      const list = Array.isArray(body)
        ? body
        : typeof body === "object" &&
            body !== null &&
            Array.isArray((body as { faults?: unknown }).faults)
          ? (body as { faults: unknown[] }).faults
          : [body];
      if (list.length === 0 || list.length > 100) {
        throw new SandboxError("INVALID_FAULT", "send from 1 to 100 fault switches", "faults");
      }
      const specs: FaultSpec[] = list.map((item) => parseFaultSpec(item));
      res.status(201).json({ faults: specs.map((spec) => hooks.faults.set(spec)) });
    } catch (err) {
      sendError(res, err);
    }
  });

  router.delete("/__faults", (req, res) => {
    try {
      const filter: FaultFilter = {};
      const provider = text(req.query.provider);
      if (provider !== undefined) {
        const id = parseProviderId(provider);
        if (!id) throw new SandboxError("UNKNOWN_PROVIDER", `no provider ${provider}`, "provider");
        filter.provider = id;
      }
      const scope = text(req.query.scope);
      if (scope !== undefined) filter.scope = scope;
      const user = text(req.query.user);
      if (user !== undefined) filter.user = user;
      res.json({ cleared: hooks.faults.clear(filter) });
    } catch (err) {
      sendError(res, err);
    }
  });

  router.delete("/__faults/:id", (req, res) => {
    if (hooks.faults.remove(String(req.params.id))) res.status(204).end();
    else res.status(404).json({ error: { code: "NOT_FOUND", message: "No such fault switch" } });
  });

  router.use("/__faults", (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(400).json(new SandboxError("INVALID_FAULT", "the body must be JSON").toJSON());
  });

  return router;
}

import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { SandboxError } from "./errors.js";
import type { SandboxHooks } from "./hooks.js";
import {
  type DeliveryFilter,
  NOTIFYING_PROVIDERS,
  type NotifyingProvider,
  parseNotificationFault,
} from "./notification-sender.js";

const text = (value: unknown) =>
  typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined;

/** A delivery filter from a query or a JSON body (unknown fields ignored). */
function filterOf(source: Record<string, unknown>): DeliveryFilter {
  const provider = text(source.provider);
  if (provider !== undefined && !NOTIFYING_PROVIDERS.includes(provider as NotifyingProvider)) {
    throw new SandboxError(
      "UNKNOWN_PROVIDER",
      `provider must be one of ${NOTIFYING_PROVIDERS.join(", ")}`,
      "provider",
    );
  }
  return {
    provider: provider as NotifyingProvider | undefined,
    key: text(source.key),
    user: text(source.user),
    scope: text(source.scope),
    event: text(source.event),
  };
}

const clean = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The notification sender over HTTP, for tests that drive a sandbox in
 * another process:
 * - `GET /__notifications?provider=&key=&user=&scope=&event=` → `{url, faults, deliveries}`;
 * - `POST /__notifications/faults` (JSON: one switch or an array) → 201 `{faults}`;
 * - `DELETE /__notifications/faults?provider=&scope=&user=` → `{cleared}`;
 * - `POST /__notifications/release` (JSON filter, `{}` for all) → `{released}`:
 *   the held (`late`) notifications are sent now.
 *
 * @example
 * await fetch(`${sandbox}/__notifications/faults`, { method: "POST",
 *   headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "late", provider: "fluz" }) });
 */
export function notificationRoutes(hooks: SandboxHooks): Router {
  const router = express.Router();
  const n = hooks.notifications;
  // JSON only: a page on another origin cannot flip switches with a form post.
  const json = [
    express.json({ limit: "16kb", strict: false }),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.is("application/json")) return next();
      res.status(415).json(new SandboxError("INVALID_FAULT", "send application/json").toJSON());
    },
  ];
  const guarded =
    (handle: (req: Request, res: Response) => void) => (req: Request, res: Response) => {
      try {
        handle(req, res);
      } catch (err) {
        if (!(err instanceof SandboxError)) throw err;
        res.status(err.status).json(err.toJSON());
      }
    };

  router.get(
    "/__notifications",
    guarded((req, res) => {
      const filter = filterOf(req.query as Record<string, unknown>);
      res
        .set("Cache-Control", "no-store")
        .json({ url: n.url, faults: n.faults.list(), deliveries: n.list(filter) });
    }),
  );
  router.post(
    "/__notifications/faults",
    json,
    guarded((req, res) => {
      const list: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
      if (list.length === 0 || list.length > 100) {
        throw new SandboxError("INVALID_FAULT", "send from 1 to 100 switches", "faults");
      }
      const specs = list.map(parseNotificationFault);
      res.status(201).json({ faults: specs.map((spec) => n.faults.set(spec)) });
    }),
  );
  router.delete(
    "/__notifications/faults",
    guarded((req, res) => {
      const { provider, scope, user } = filterOf(req.query as Record<string, unknown>);
      res.json({ cleared: n.faults.clear(clean({ provider, scope, user })) });
    }),
  );
  router.post(
    "/__notifications/release",
    json,
    guarded((req, res) => {
      res.json({ released: n.release(clean(filterOf(req.body ?? {}))) });
    }),
  );
  router.use(
    "/__notifications",
    (err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      res.status(400).json(new SandboxError("INVALID_FAULT", "the body must be JSON").toJSON());
    },
  );
  return router;
}

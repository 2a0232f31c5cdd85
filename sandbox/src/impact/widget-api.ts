import express, { type ErrorRequestHandler, type Request, type Router } from "express";
import { faultPoint } from "../faults/fault-point.js";
import { decodeLoosely } from "../inspect/receive-token.js";
import { widgetApiCors } from "./cors.js";
import { mountGraphql } from "./graphql-route.js";
import { type ImpactState, bearerOf } from "./state.js";
import { mountUpsert } from "./upsert-route.js";
import { ImpactApiError } from "./verify-user-token.js";

/** The user a request's token names, for fault switches aimed at one user. */
function userOf(req: Request): string | undefined {
  const header = req.headers["x-saasquatch-user-token"];
  const token = typeof header === "string" ? header : bearerOf(req);
  const user = decodeLoosely(token ?? "").claims?.user as { id?: unknown } | undefined;
  return typeof user?.id === "string" ? user.id : undefined;
}

/** Every error as impact.com's JSON error body. */
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  const type = (err as { type?: string }).type;
  const e =
    err instanceof ImpactApiError
      ? err
      : type === "entity.too.large"
        ? new ImpactApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large")
        : type === "entity.parse.failed"
          ? new ImpactApiError(400, "JSON_INVALID", "Request body is not valid JSON")
          : new ImpactApiError(500, "INTERNAL_ERROR", "Sandbox error");
  res.status(e.statusCode).set("Cache-Control", "no-store").json(e.toJSON());
};

/**
 * The tenant's widget API, `/impact/api/v1/{tenant}`: CORS, the tenant
 * check, the upsert and GraphQL routes behind the fault switches (the
 * `decline` fault: 403 `USER_BLOCKED`), impact.com's 404 and error bodies.
 *
 * @example
 * mountWidgetApi(router, state);
 */
export function mountWidgetApi(router: Router, state: ImpactState): void {
  const api = express.Router({ mergeParams: true });
  router.use("/impact/api/v1/:tenant", widgetApiCors(state.options.allowedOrigins), api);
  api.use((req, _res, next) => {
    if (req.params.tenant !== state.options.tenantAlias) {
      next(new ImpactApiError(404, "TENANT_NOT_FOUND", "No such tenant"));
      return;
    }
    next();
  });
  const faults = faultPoint(state.hooks, {
    provider: "impact",
    serverError: (res) => {
      res.json({ message: "Internal error", statusCode: 500, apiErrorCode: "INTERNAL_ERROR" });
    },
    userOf,
    decline: (res) => {
      res.status(403).json({
        message: "This user may not use the program (sandbox decline switch)",
        statusCode: 403,
        apiErrorCode: "USER_BLOCKED",
      });
    },
  });
  mountUpsert(api, state, faults);
  mountGraphql(api, state, faults);
  api.use((_req, _res, next) => {
    next(new ImpactApiError(404, "NOT_FOUND", "No such widget API route"));
  });
  api.use(onError);
}

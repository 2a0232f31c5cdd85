import express, { type Express } from "express";
import { sandboxControlRoutes } from "./control-routes.js";
import type { SandboxOptions } from "./credentials/sandbox-credentials.js";
import { type SandboxHooks, createSandboxHooks } from "./hooks.js";
import { type AnyStandIn, allStandIns } from "./stand-ins.js";

/**
 * Build the sandbox app: real-HTTP stand-ins of the providers in `options`
 * (which check tokens exactly as the provider would), reporting to and
 * obeying `hooks`, plus the control routes (`/__inspect`, `/__faults`).
 * `origin` is where it will be served.
 *
 * @example
 * const app = createSandboxApp({ fluz: { apiKey, apiSecret } }, "http://127.0.0.1:4010");
 * app.listen(4010, "127.0.0.1");
 */
export function createSandboxApp(
  options: SandboxOptions,
  origin: string,
  hooks: SandboxHooks = createSandboxHooks(),
): Express {
  return buildSandboxApp(allStandIns(), options, origin, hooks);
}

/**
 * The sandbox app over a list of stand-ins: each one `options` has an
 * entry for is mounted (`createSandboxApp` passes the registry's).
 *
 * @example
 * const app = buildSandboxApp([...allStandIns(), acmeStandIn], { acme: {} }, origin, hooks);
 */
export function buildSandboxApp(
  standIns: readonly AnyStandIn[],
  options: Readonly<Record<string, unknown>>,
  origin: string,
  hooks: SandboxHooks,
): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(sandboxControlRoutes(hooks));
  const started = standIns.filter((standIn) => options[standIn.id]);
  for (const standIn of started) app.use(standIn.router(options[standIn.id], origin, hooks));
  app.get("/", (_req, res) => {
    res.json({
      sandbox: "widget-tokens",
      providers: Object.keys(options).filter((id) => options[id]),
      inspect: `${origin}/__inspect/`,
      faults: `${origin}/__faults`,
    });
  });
  return app;
}

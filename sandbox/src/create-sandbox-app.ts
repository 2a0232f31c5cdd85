import express, { type Express } from "express";
import { sandboxControlRoutes } from "./control-routes.js";
import type { SandboxOptions } from "./credentials/sandbox-credentials.js";
import { type SandboxHooks, createSandboxHooks } from "./hooks.js";
import { allStandIns } from "./stand-ins.js";

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
  const app = express();
  app.disable("x-powered-by");
  app.use(sandboxControlRoutes(hooks));
  const started = allStandIns().filter((standIn) => options[standIn.id]);
  for (const standIn of started) app.use(standIn.router(options[standIn.id], origin, hooks));
  app.get("/", (_req, res) => {
    res.json({
      sandbox: "widget-tokens",
      providers: Object.keys(options).filter((k) => options[k as keyof SandboxOptions]),
      inspect: `${origin}/__inspect/`,
      faults: `${origin}/__faults`,
    });
  });
  return app;
}

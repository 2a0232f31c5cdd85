import express, { type Express } from "express";
import { sandboxControlRoutes } from "./control-routes.js";
import type { SandboxOptions } from "./credentials/sandbox-credentials.js";
import { sandboxFluz } from "./fluz/router.js";
import { sandboxGr4vy } from "./gr4vy/router.js";
import { type SandboxHooks, createSandboxHooks } from "./hooks.js";
import { sandboxImpact } from "./impact/router.js";
import { sandboxJackpot } from "./jackpot/router.js";
import { sandboxMerchantApi } from "./merchant-api/router.js";

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
  if (options.fluz) app.use(sandboxFluz(options.fluz, origin, hooks));
  if (options.gr4vy) app.use(sandboxGr4vy(options.gr4vy, origin, hooks));
  if (options.impact) app.use(sandboxImpact(options.impact, origin, hooks));
  if (options.jackpot) app.use(sandboxJackpot(options.jackpot, origin, hooks));
  if (options.merchantApi) app.use(sandboxMerchantApi(options.merchantApi, hooks));
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

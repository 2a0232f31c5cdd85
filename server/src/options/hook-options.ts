import type { Request } from "express";
import type { PipelineConfig } from "../http/pipeline.js";
import type { WidgetUser } from "../user.js";
import type { OptionReader } from "../validation/read-options.js";
import type { AuthorizeContext } from "./providers-options.js";

/**
 * The merchant's two hooks: who is signed in, and what they may mint. `req`
 * is Express's `Request`: add your session's types by declaration merging
 * (express-session and cookie-session do it for `req.session`).
 */
export interface HookOptions {
  /**
   * Who is signed in, from the merchant's own session. Return null (or
   * undefined) when nobody is: the route answers 401.
   */
  identify: (
    req: Request,
  ) => WidgetUser | null | undefined | Promise<WidgetUser | null | undefined>;
  /**
   * The merchant's policy for each mint, by provider (`ctx.request` is that
   * provider's validated request). Return false to answer 403. Default: allow.
   */
  authorize?: ((ctx: AuthorizeContext) => boolean | Promise<boolean>) | undefined;
}

/**
 * Read `identify` (required) and `authorize` (default: allow) once.
 *
 * @example
 * const { identify, authorize } = readHookOptions(readOptions(options, "", keys));
 */
export function readHookOptions(
  o: Pick<OptionReader<HookOptions>, "function" | "optionalFunction">,
): Pick<PipelineConfig, "identify" | "authorize"> {
  return {
    identify: o.function("identify"),
    // Each route's context names its own provider: the union the hook is typed with.
    authorize: (o.optionalFunction("authorize") ?? (() => true)) as PipelineConfig["authorize"],
  };
}

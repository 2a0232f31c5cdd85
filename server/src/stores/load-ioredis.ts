import { createRequire } from "node:module";
import { WidgetTokensOptionError } from "../errors.js";

type IoredisModule = typeof import("ioredis");

let loaded: IoredisModule | undefined;

/**
 * ioredis is an optional peer dependency: loaded here, on the first
 * `redisStore({ url })`, never at import time, so an app that keeps the
 * memory store does not need it installed.
 */
export function loadIoredis(option: string): IoredisModule {
  if (loaded !== undefined) return loaded;
  try {
    loaded = createRequire(import.meta.url)("ioredis") as IoredisModule;
  } catch (err) {
    if ((err as { code?: string }).code !== "MODULE_NOT_FOUND") throw err;
    throw new WidgetTokensOptionError(
      option,
      "needs the ioredis package, an optional peer dependency: run `npm install ioredis`",
    );
  }
  return loaded;
}

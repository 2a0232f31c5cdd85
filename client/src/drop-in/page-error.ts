import type { WidgetClientError as Class } from "../errors.js";
import type { DropInGlobal } from "./bootstrap.js";

/**
 * `errors.ts` as the drop-in's chunks have it (the build puts this module in
 * its place, client/build/drop-in-chunks.ts): the bootstrap's class (its
 * script loader throws `ScriptLoadError`, a subclass), which it puts on
 * `window.WidgetTokens` before it loads a chunk. So a page has one error
 * class, and `instanceof WidgetClientError` holds across the chunks.
 */
export const WidgetClientError: typeof Class = (window as unknown as { WidgetTokens: DropInGlobal })
  .WidgetTokens.WidgetClientError;

/**
 * `errors.ts` as the drop-in's chunks have it (the build puts this module in
 * its place, client/build/drop-in-chunks.ts): the bootstrap's class (its
 * script loader throws `ScriptLoadError`, a subclass). So a page has one
 * error class, and `instanceof WidgetClientError` holds across the chunks.
 */
import { WidgetClientError as PageClass } from "./page-global.js";

export const WidgetClientError = PageClass;

import type { DropInGlobal } from "./bootstrap.js";

/**
 * What the drop-in's chunks take from the bootstrap, which put it on
 * `window.WidgetTokens` before it loaded them: its script loader (one
 * script cache a page), its error class (one class a page, so `instanceof
 * WidgetClientError` holds across the chunks), the messages chunk's loader
 * and, once it ran, its exports, and `chunks`, where a provider chunk
 * registers itself.
 *
 * The chunk build (client/build/drop-in-chunks.ts) never bundles this
 * module: it is the IIFE's parameter, `(function (e) { … e.loadScript(…)
 * … })(WidgetTokens)`, so each import reads `WidgetTokens` when it is used
 * (`networkError` is there once the messages chunk ran), and it takes the
 * place of `load-script.ts` and `errors.ts` there. This source gives the
 * imports their types.
 */
const page = (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens;

export const { loadMessages, networkError, responseError } = page;
/**
 * @public Imported by the build, not by a source file: `loadScript` and
 * `WidgetClientError` where a chunk's modules import `load-script.ts` and
 * `errors.ts`, `chunks` by each chunk's entry.
 */
export const { loadScript, WidgetClientError, chunks } = page;

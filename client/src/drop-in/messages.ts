/**
 * The drop-in's messages chunk, loaded only after something failed: the
 * shopper messages the bootstrap shows next to an element, and the errors
 * of a failed token request (a provider chunk's `networkError` and
 * `responseError` load this chunk, see `lazy-errors.ts`), with the probe
 * that tells a refused origin from a dead server. Its exports go onto
 * `window.WidgetTokens`; its errors are the page's one class (`page-global.ts`).
 */
export { shopperMessage } from "../shopper-message.js";
export { networkError, responseError } from "../network-error.js";

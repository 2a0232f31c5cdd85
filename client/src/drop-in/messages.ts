/**
 * The drop-in's messages chunk, loaded only after something failed: the
 * shopper messages the bootstrap shows next to an element, and the errors
 * of a failed token request (the core chunk's `networkError` and
 * `responseError` load this chunk, see `lazy-errors.ts`), with the probe
 * that tells a refused origin from a dead server. Its exports go onto
 * `window.WidgetTokens`; the error class comes from the core chunk.
 */
export { shopperMessage } from "../shopper-message.js";
export { networkError, responseError } from "../network-error.js";

/**
 * The drop-in's core chunk: what every provider chunk shares (events and
 * state, the token API, the error class), and the shopper messages the
 * bootstrap shows after a failure. Its exports go onto
 * `window.WidgetTokens`; the provider chunks are built with these modules
 * left out and read them from there (client/build/drop-in-chunks.ts).
 */
export * from "../adapters/adapter-core.js";
export * from "../errors.js";
export * from "../token-api.js";
export * from "../shopper-message.js";

/**
 * The drop-in's core chunk: what every provider chunk shares (events and
 * state, the token API, the script loader, the error class). The provider
 * chunks are built with these modules left out and read them from
 * `window.WidgetTokens.chunks.core`, the object this chunk fills.
 */
export * from "../adapters/adapter-core.js";
export * from "../errors.js";
export * from "../load-script.js";
export * from "../token-api.js";

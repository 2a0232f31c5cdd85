/**
 * The drop-in's core chunk: what every provider chunk shares (events and
 * state, the token API, the error class); the shopper messages are in the
 * messages chunk, loaded after a failure (`messages.ts`). Its exports go onto
 * `window.WidgetTokens`; the provider chunks are built with these modules
 * left out and read them from there (client/build/drop-in-chunks.ts).
 */
export * from "../adapters/adapter-core.js";
export * from "../errors.js";
export * from "../token-api.js";

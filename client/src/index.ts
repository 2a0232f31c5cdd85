/**
 * `@widget-tokens/client`: the core. No provider adapter is here: each comes
 * from its own subpath (`@widget-tokens/client/fluz`, `/impact`, `/gr4vy`,
 * `/jackpot`), so a page bundles only the ones it passes to `createWidgetClient`.
 */
export { parseAmount } from "@widget-tokens/shared";
export type {
  AdapterMethods,
  WidgetAdapter,
  WidgetEvents,
  WidgetState,
} from "./adapters/adapter-core.js";
export {
  createWidgetClient,
  type WidgetClient,
  type WidgetClientOptions,
} from "./create-widget-client.js";
export { WidgetClientError } from "./errors.js";
export { type LoadScriptOptions, loadScript, ScriptLoadError } from "./load-script.js";
export { shopperMessage } from "./shopper-message.js";
export { createTokenApi } from "./create-token-api.js";
export type { TokenApi, TokenApiOptions } from "./token-api.js";
export type { WidgetProvider } from "./widget-provider.js";

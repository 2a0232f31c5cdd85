export { parseAmount } from "@widget-tokens/shared";
export {
  createFluzWidget,
  type FluzOpenOptions,
  type FluzSession,
  type FluzWidget,
  type FluzWidgetOptions,
} from "./adapters/fluz.js";
export type { WidgetEvents } from "./adapters/widget-events.js";
export {
  createWidgetClient,
  type WidgetClient,
  type WidgetClientOptions,
} from "./create-widget-client.js";
export { WidgetClientError } from "./errors.js";
export { type LoadScriptOptions, loadScript, ScriptLoadError } from "./load-script.js";
export { createTokenApi, type TokenApi, type TokenApiOptions } from "./token-api.js";

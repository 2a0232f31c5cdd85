export { parseAmount } from "@widget-tokens/shared";
export {
  createFluzWidget,
  type FluzOpenOptions,
  type FluzSession,
  type FluzWidget,
  type FluzWidgetOptions,
} from "./adapters/fluz.js";
export {
  createGr4vyWidget,
  type Gr4vyEmbed,
  type Gr4vySetupOptions,
  type Gr4vyTransaction,
  type Gr4vyWidget,
  type Gr4vyWidgetOptions,
} from "./adapters/gr4vy.js";
export {
  createImpactWidget,
  type ImpactMount,
  type ImpactMountOptions,
  type ImpactWidget,
  type ImpactWidgetOptions,
} from "./adapters/impact.js";
export {
  createJackpotWidget,
  type JackpotOpenOptions,
  type JackpotSession,
  type JackpotWidget,
  type JackpotWidgetOptions,
} from "./adapters/jackpot.js";
export type { WidgetEvents } from "./adapters/adapter-core.js";
export {
  createWidgetClient,
  type WidgetClient,
  type WidgetClientOptions,
} from "./create-widget-client.js";
export { WidgetClientError } from "./errors.js";
export { type LoadScriptOptions, loadScript, ScriptLoadError } from "./load-script.js";
export { createTokenApi, type TokenApi, type TokenApiOptions } from "./token-api.js";

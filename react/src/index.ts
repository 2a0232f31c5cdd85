/**
 * `@widget-tokens/react`: React bindings over `@widget-tokens/client`.
 * `<WidgetTokensProvider client>` once, then `useWidget(provider)` and
 * `<ImpactEmbed widget>` anywhere below it. SSR- and StrictMode-safe.
 */
export {
  WidgetTokensProvider,
  type WidgetTokensProviderProps,
  useWidgetClient,
} from "./context.js";
export { ImpactEmbed, type ImpactEmbedProps } from "./impact-embed.js";
export { type UseWidgetOptions, type UseWidgetResult, useWidget } from "./use-widget.js";
export type {
  AnyWidgetClient,
  WidgetAdapters,
  WidgetCallbacks,
  WidgetId,
  WidgetOpener,
} from "./widgets.js";

/**
 * `@widget-tokens/vue`: Vue 3 bindings over `@widget-tokens/client`.
 * `app.use(WidgetTokensPlugin, { client })` once, then `useWidget(provider)`
 * and `<ImpactEmbed widget>` in any component. SSR-safe.
 */
export {
  WidgetTokensPlugin,
  provideWidgetClient,
  useWidgetClient,
  widgetClientKey,
} from "./client.js";
export { ImpactEmbed } from "./impact-embed.js";
export { type UseWidgetOptions, type UseWidgetResult, useWidget } from "./use-widget.js";
export type {
  AnyWidgetClient,
  WidgetAdapters,
  WidgetCallbacks,
  WidgetId,
  WidgetOpener,
} from "./widgets.js";

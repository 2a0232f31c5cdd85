import { type App, type InjectionKey, inject, provide } from "vue";
import type { AnyWidgetClient } from "./widgets.js";

/** Where the widget client is provided (`app.provide(widgetClientKey, client)` does it by hand). */
export const widgetClientKey: InjectionKey<AnyWidgetClient> = Symbol("widget-tokens client");

/**
 * Makes a widget client available to `useWidget` and `<ImpactEmbed>` in the
 * whole app. It does not own the client: each widget is destroyed when the
 * last component using it unmounts, and `client.destroy()` is yours to call.
 *
 * @example
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [fluz({ scriptUrl })] });
 * createApp(App).use(WidgetTokensPlugin, { client: widgets }).mount("#app");
 */
export const WidgetTokensPlugin = {
  install(app: App, options: { client: AnyWidgetClient }): void {
    app.provide(widgetClientKey, options.client);
  },
};

/** In a component's `setup`: make `client` available to the components below it. */
export function provideWidgetClient(client: AnyWidgetClient): void {
  provide(widgetClientKey, client);
}

/**
 * In `setup`: `client` when given, else the provided one; throws when there
 * is neither. For what the composable does not cover, such as
 * `useWidgetClient().impact.headers()`.
 */
export function useWidgetClient<C extends AnyWidgetClient = AnyWidgetClient>(client?: C): C {
  const found = client ?? inject(widgetClientKey, null);
  if (!found) {
    throw new Error(
      "widget-tokens: no widget client. Install it with app.use(WidgetTokensPlugin, { client: createWidgetClient(…) }), or pass { client }.",
    );
  }
  return found as C;
}

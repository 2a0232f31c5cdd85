import type { WidgetAdapter } from "./adapters/adapter-core.js";
import type { TokenApi } from "./token-api.js";

/**
 * One provider for `createWidgetClient`, as its factory returns it
 * (`fluz(options)` from `@widget-tokens/client/fluz`, …): an id, which
 * becomes the client's property, and how to build the adapter on the
 * client's token API. A client only bundles the providers it is given.
 *
 * @example
 * const provider: WidgetProvider<"fluz", FluzWidget> = fluz({ scriptUrl });
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [provider] });
 */
export interface WidgetProvider<
  Id extends string = string,
  Adapter extends WidgetAdapter = WidgetAdapter,
> {
  readonly id: Id;
  /** Build the adapter (once, on first use of `widgets[id]`). */
  create(api: TokenApi): Adapter;
}

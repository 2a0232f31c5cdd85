import type { AllWidgetsClient } from "@widget-tokens/client/all";

/**
 * The adapter type of each provider id, which types `useWidget(id)`: every
 * adapter the client registers (`@widget-tokens/client/all`, type only, so
 * nothing more is bundled). A provider of your own adds itself by
 * declaration merging:
 *
 * @example
 * declare module "@widget-tokens/vue" {
 *   interface WidgetAdapters { acme: AcmeWidget }
 * }
 */
export interface WidgetAdapters extends Omit<AllWidgetsClient, "destroy"> {}

/** A provider id `useWidget` knows the adapter of. */
export type WidgetId = keyof WidgetAdapters & string;

export {
  type AnyWidgetClient,
  type WidgetCallbacks,
  type WidgetOpener,
  adapterOf,
  forwardCallbacks,
  openWidget,
  retain,
} from "@widget-tokens/client/bindings";

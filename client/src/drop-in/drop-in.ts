import type { WidgetAdapter } from "../adapters/adapter-core.js";
import type { WidgetProvider } from "../widget-provider.js";

/**
 * What one provider's drop-in module exports (its chunk registers them as a
 * `ProviderChunk`): how to build the provider from the loader tag's
 * `data-<id>-<option>` attributes, and how to start the widget for an element.
 */
export interface DropIn<A extends WidgetAdapter = WidgetAdapter> {
  /** The provider, from the loader tag's `data-<id>-*` options (and its nonce). */
  provider(options: Record<string, string> | undefined): WidgetProvider<string, A>;
  /** Start the widget for `el` (a click, or the page naming it); its events reach `el`. */
  start(el: HTMLElement, widget: A): Promise<unknown>;
}

/**
 * A provider chunk as the bootstrap finds it in `WidgetTokens.chunks[id]`:
 * the chunk builds the adapter itself, with the token API it bundles.
 */
export interface ProviderChunk {
  /** The adapter, from the loader tag's `data-<id>-*` options, posting to `endpoint`. */
  createAdapter(options: Record<string, string> | undefined, endpoint: string): WidgetAdapter;
  /** The chunk's `DropIn["start"]`. */
  startWidget: DropIn["start"];
}

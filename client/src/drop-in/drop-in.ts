import type { WidgetAdapter } from "../adapters/adapter-core.js";
import type { TokenApi, TokenApiOptions } from "../token-api.js";
import type { WidgetProvider } from "../widget-provider.js";

/**
 * What one provider's drop-in chunk exports (the chunk sets
 * `window.WidgetTokens.chunks[id]` to it, with its own `createTokenApi`):
 * how to build the provider from the loader tag's `data-<id>-<option>`
 * attributes, and how to start the widget for an element.
 */
export interface DropIn<A extends WidgetAdapter = WidgetAdapter> {
  /** The provider, from the loader tag's `data-<id>-*` options (and its nonce). */
  provider(options: Record<string, string> | undefined): WidgetProvider<string, A>;
  /** Start the widget for `el` (a click, or the page naming it); its events reach `el`. */
  start(el: HTMLElement, widget: A): Promise<unknown>;
}

/** A provider chunk as the bootstrap finds it: its `DropIn` and the token API it bundles. */
export interface ProviderChunk extends DropIn {
  createTokenApi(options: TokenApiOptions): TokenApi;
}

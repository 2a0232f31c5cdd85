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
  /**
   * Get ready for a likely click on `el` (hovered, focused, touched): the
   * provider's script, and the token where fetching it early is safe
   * (`docs/decisions.md`, "Open at once"). Never reports anything.
   */
  prefetch?(el: HTMLElement, widget: A): void;
}

/** What the bootstrap hands a chunk to build an adapter with. */
export interface ChunkSettings {
  /** Where the middleware is mounted. */
  endpoint: string;
  /** The loader tag's `data-<id>-*` options (and its nonce). */
  options: Record<string, string> | undefined;
  /** Headers of every token request, computed by the page (`WidgetTokens.configure`). */
  headers: () => Record<string, string>;
  /** The token request's deadline (`WidgetTokens.configure`); the token API's default when unset. */
  timeoutMs: number | undefined;
}

/**
 * A provider chunk as the bootstrap finds it in `window.WidgetTokens.chunks[id]`.
 * This is the one contract between a bootstrap and a chunk, and they may come
 * from different builds (a page open across a deploy, two instances on two
 * builds): a change must stay compatible both ways (add, never rename).
 */
export interface ProviderChunk {
  /** The adapter, posting to `settings.endpoint`. */
  create(settings: ChunkSettings): WidgetAdapter;
  /** The module's `DropIn["start"]`. */
  start: DropIn["start"];
  /** The module's `DropIn["prefetch"]` (added in 0.4: a bootstrap checks it is there). */
  prefetch?: DropIn["prefetch"];
}

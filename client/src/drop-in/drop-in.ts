import type { WidgetClient } from "../create-widget-client.js";

/**
 * How one provider is driven from HTML attributes alone.
 * - `click`: an element such as `<button data-widget="fluz">` opens the widget when clicked.
 * - `mount`: an element such as `<div data-widget="impact">` is filled when the page loads.
 */
export interface DropIn {
  trigger: "click" | "mount";
  /** Start the widget for `el`; events are re-dispatched on `el` by the loader. */
  run(el: HTMLElement, client: WidgetClient, emit: DropInEmit): Promise<void>;
}

/** Dispatch `widget-tokens:<type>` on the element (bubbles, so a listener on document hears it). */
export type DropInEmit = (type: string, detail: unknown) => void;

import type { FrameLocator, Locator, Page } from "@playwright/test";
import { SANDBOX_WIDGET_FRAMES, type SandboxWidgetProviderId } from "@widget-tokens/sandbox";

/** The providers that put a widget on the page (the merchant API has none). */
export type WidgetProvider = SandboxWidgetProviderId;

/**
 * Where each provider's widget lives on the merchant's page, as the
 * sandbox's widget scripts build it (each stand-in declares its own, see
 * `SANDBOX_WIDGET_FRAMES`): the Fluz and Jackpot modal iframes, titled
 * "Fluz" and "Jackpot"; the Gr4vy Embed iframe, titled "Gr4vy payment
 * form"; the iframe squatch-js renders in the `<impact-embed>` element's
 * shadow root (Playwright's CSS pierces open shadow roots).
 */
export const WIDGET_FRAME_SELECTORS: Readonly<Record<WidgetProvider, string>> =
  SANDBOX_WIDGET_FRAMES;

/** Narrows `widgetFrame` to one part of the page, when it has several widgets of a provider. */
export interface WidgetFrameOptions {
  /** A selector or locator of the element that holds the widget, e.g. `"#referrals"`. */
  within?: string | Locator;
}

/** `widgetFrame(provider)`: the widget's frame, to reach into it. */
export type WidgetFrame = (provider: WidgetProvider, options?: WidgetFrameOptions) => FrameLocator;

/**
 * The frame of `provider`'s widget in `page` (or in `options.within`), as a
 * `FrameLocator`. Nothing is looked up until you act or assert on it.
 *
 * @example
 * const modal = widgetFrameOf(page, "fluz");
 * await expect(modal.locator("#fluz-amount")).toHaveText("$20.00");
 */
export function widgetFrameOf(
  page: Page,
  provider: WidgetProvider,
  options: WidgetFrameOptions = {},
): FrameLocator {
  const selector = (WIDGET_FRAME_SELECTORS as Record<string, string>)[provider];
  if (selector === undefined) {
    throw new TypeError(
      `widgetFrame(${JSON.stringify(provider)}): the provider is one of ${Object.keys(WIDGET_FRAME_SELECTORS).join(", ")} (the merchant API has no widget)`,
    );
  }
  const { within } = options;
  const root =
    within === undefined ? page : typeof within === "string" ? page.locator(within) : within;
  return root.frameLocator(selector);
}

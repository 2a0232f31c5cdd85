/**
 * The Gr4vy drop-in chunk:
 * `<div data-widget="gr4vy" data-form="#checkout" data-country="US"></div>`:
 * Embed is mounted in the element as soon as the page names it. Optional
 * `data-checkout-session-id`, `data-gr4vy-id`, `data-environment`,
 * `data-locale`; the loader tag's `data-gr4vy-script-url` sets the script.
 */
import { type Gr4vyWidget, gr4vy } from "../adapters/gr4vy.js";
import type { DropIn } from "./drop-in.js";

export const provider: DropIn<Gr4vyWidget>["provider"] = gr4vy;

export const start: DropIn<Gr4vyWidget>["start"] = (el, widget) => {
  const d = el.dataset;
  return widget.setup({
    element: el,
    form: d.form,
    country: d.country ?? "",
    checkoutSessionId: d.checkoutSessionId,
    ...(d.gr4vyId ? { gr4vyId: d.gr4vyId } : {}),
    ...(d.environment ? { environment: d.environment as "sandbox" | "production" } : {}),
    ...(d.locale ? { embedOptions: { locale: d.locale } } : {}),
  });
};

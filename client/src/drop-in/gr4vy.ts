import type { DropIn } from "./drop-in.js";
import { relayEvents } from "./relay-events.js";

/**
 * `<div data-widget="gr4vy" data-form="#checkout" data-country="US"></div>`:
 * Embed is mounted in the element when the page loads. Optional
 * `data-checkout-session-id`, `data-gr4vy-id`, `data-environment`, `data-locale`.
 */
export const gr4vyDropIn: DropIn = {
  trigger: "mount",
  async run(el, client, emit) {
    const widget = client.gr4vy;
    const stop = relayEvents(widget, emit, false);
    const d = el.dataset;
    try {
      await widget.setup({
        element: el,
        form: d.form,
        country: d.country ?? "",
        checkoutSessionId: d.checkoutSessionId,
        ...(d.gr4vyId ? { gr4vyId: d.gr4vyId } : {}),
        ...(d.environment ? { environment: d.environment as "sandbox" | "production" } : {}),
        ...(d.locale ? { embedOptions: { locale: d.locale } } : {}),
      });
    } catch {
      stop(); // the error event already reached the element
    }
  },
};

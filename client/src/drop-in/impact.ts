import type { DropIn } from "./drop-in.js";

/**
 * `<div data-widget="impact" data-impact-widget="p/referral-program/w/referrerWidget">`
 * (optional `data-impact-locale="en_US"`): rendered as soon as the page loads.
 * Tenant alias, domain and script URL come from the loader's
 * `data-impact-tenant-alias`, `data-impact-domain`, `data-impact-script-url`.
 */
export const impactDropIn: DropIn = {
  trigger: "mount",
  async run(el, client, emit) {
    const widget = client.impact;
    const offError = widget.on("error", (event) => emit("error", event));
    try {
      const mounted = await widget.mount(el, {
        widget: el.dataset.impactWidget ?? "",
        locale: el.dataset.impactLocale || undefined,
      });
      // squatch-js reports on the element once the widget has loaded.
      mounted.element.addEventListener(
        "sq:widget-loaded",
        () => emit("open", { provider: "impact" }),
        {
          once: true,
        },
      );
    } catch {
      // the error event already reached the element
    } finally {
      offError();
    }
  },
};

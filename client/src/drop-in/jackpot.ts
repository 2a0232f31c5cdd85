import type { DropIn } from "./drop-in.js";
import { relayEvents } from "./relay-events.js";

/**
 * `<button data-widget="jackpot" data-amount="25">Convert a voucher</button>`
 * with the loader's `data-jackpot-iframe-url` (or `data-jackpot-script-url`).
 */
export const jackpotDropIn: DropIn = {
  trigger: "click",
  async run(el, client, emit) {
    const widget = client.jackpot;
    const stop = relayEvents(widget, emit, true);
    try {
      await widget.open({ amount: el.dataset.amount ?? "" });
    } catch {
      stop(); // the error event already reached the element
    }
  },
};

import type { FluzTransactionType } from "@widget-tokens/shared";
import type { DropIn } from "./drop-in.js";
import { relayEvents } from "./relay-events.js";

/** `<button data-widget="fluz" data-amount="50.00" data-transaction-type="DEPOSIT">` */
export const fluzDropIn: DropIn = {
  trigger: "click",
  async run(el, client, emit) {
    const widget = client.fluz;
    const stop = relayEvents(widget, emit, true);
    try {
      await widget.open({
        amount: el.dataset.amount ?? "",
        transactionType: (el.dataset.transactionType ?? "") as FluzTransactionType,
      });
    } catch {
      stop(); // the error event already reached the element
    }
  },
};

import type { FluzTransactionType } from "@widget-tokens/shared";
import type { DropIn } from "./drop-in.js";

/** `<button data-widget="fluz" data-amount="50.00" data-transaction-type="DEPOSIT">` */
export const fluzDropIn: DropIn = {
  trigger: "click",
  async run(el, client, emit) {
    const widget = client.fluz;
    const offs = (["open", "close", "success", "error"] as const).map((type) =>
      widget.on(type, (event) => emit(type, event)),
    );
    const stop = () => {
      for (const off of offs) off();
    };
    widget.on("close", stop);
    widget.on("success", stop);
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

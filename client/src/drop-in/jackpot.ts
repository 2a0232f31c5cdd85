import type { DropIn } from "./drop-in.js";

/**
 * `<button data-widget="jackpot" data-amount="25">Convert a voucher</button>`
 * with the loader's `data-jackpot-iframe-url` (or `data-jackpot-script-url`).
 */
export const jackpotDropIn: DropIn = {
  trigger: "click",
  async run(el, client, emit) {
    const widget = client.jackpot;
    const offs = (["open", "close", "success", "error"] as const).map((type) =>
      widget.on(type, (event) => emit(type, event)),
    );
    const stop = () => {
      for (const off of offs) off();
    };
    offs.push(widget.on("close", stop), widget.on("success", stop));
    try {
      await widget.open({ amount: el.dataset.amount ?? "" });
    } catch {
      stop(); // the error event already reached the element
    }
  },
};

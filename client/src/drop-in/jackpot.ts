/**
 * The Jackpot drop-in chunk: `<button data-widget="jackpot" data-amount="25">`,
 * with the loader tag's `data-jackpot-iframe-url` (or `data-jackpot-script-url`).
 */
import { type JackpotWidget, jackpot } from "../adapters/jackpot.js";
import type { DropIn } from "./drop-in.js";

export const provider: DropIn<JackpotWidget>["provider"] = jackpot;

export const start: DropIn<JackpotWidget>["start"] = (el, widget) =>
  widget.open({ amount: el.dataset.amount ?? "" });

/** The script only: a session is a one-time exchange Jackpot counts, asked for on the click. */
export const prefetch: DropIn<JackpotWidget>["prefetch"] = (_el, widget) => widget.prefetch();

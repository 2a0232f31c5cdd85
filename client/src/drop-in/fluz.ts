/**
 * The Fluz drop-in chunk:
 * `<button data-widget="fluz" data-amount="50.00" data-transaction-type="DEPOSIT">`,
 * with the loader tag's `data-fluz-script-url` (and optional `data-fluz-entry`).
 */
import type { FluzTransactionType } from "@widget-tokens/shared";
import { type FluzWidget, type FluzWidgetOptions, fluz } from "../adapters/fluz.js";
import type { DropIn } from "./drop-in.js";

export const provider: DropIn<FluzWidget>["provider"] = (options) =>
  fluz(options as unknown as FluzWidgetOptions);

/** The button's transfer: what a click opens, and what a hover prefetches the token for. */
const transfer = (el: HTMLElement) => ({
  amount: el.dataset.amount ?? "",
  transactionType: (el.dataset.transactionType ?? "") as FluzTransactionType,
});

export const start: DropIn<FluzWidget>["start"] = (el, widget) => widget.open(transfer(el));

/** A patToken is minted by the middleware alone (Fluz sees it only when used): safe to fetch early. */
export const prefetch: DropIn<FluzWidget>["prefetch"] = (el, widget) =>
  widget.prefetch(transfer(el));

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

export const start: DropIn<FluzWidget>["start"] = (el, widget) =>
  widget.open({
    amount: el.dataset.amount ?? "",
    transactionType: (el.dataset.transactionType ?? "") as FluzTransactionType,
  });

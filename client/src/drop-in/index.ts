import type { DropIn } from "./drop-in.js";
import { fluzDropIn } from "./fluz.js";

/** Drop-in handlers by `data-widget` value. One line per provider. */
export const DROP_INS: Readonly<Record<string, DropIn>> = {
  fluz: fluzDropIn,
};

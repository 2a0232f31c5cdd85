import type { DropIn } from "./drop-in.js";
import { fluzDropIn } from "./fluz.js";
import { gr4vyDropIn } from "./gr4vy.js";
import { impactDropIn } from "./impact.js";
import { jackpotDropIn } from "./jackpot.js";

/** Drop-in handlers by `data-widget` value. One line per provider. */
export const DROP_INS: Readonly<Record<string, DropIn>> = {
  fluz: fluzDropIn,
  gr4vy: gr4vyDropIn,
  impact: impactDropIn,
  jackpot: jackpotDropIn,
};

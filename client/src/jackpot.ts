/** `@widget-tokens/client/jackpot`: the Jackpot voucher provider, alone. */
export {
  createJackpotWidget,
  jackpot,
  type JackpotOpenOptions,
  type JackpotSession,
  type JackpotWidget,
  type JackpotWidgetOptions,
} from "./adapters/jackpot.js";

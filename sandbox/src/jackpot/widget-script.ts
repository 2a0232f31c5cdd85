import { modalWidgetScript } from "../modal-widget-script.js";

/** The stand-in Jackpot widget script: `window.JackpotWidget.open({sessionToken, onEvent})`. */
export function jackpotWidgetScript(origin: string): string {
  return modalWidgetScript({
    origin,
    global: "JackpotWidget",
    title: "Jackpot",
    framePath: "/jackpot/widget",
    source: "jackpot-sandbox",
    tokenField: "sessionToken",
    height: 480,
  });
}

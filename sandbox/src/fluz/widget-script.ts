import { modalWidgetScript } from "../modal-widget-script.js";

/** The stand-in Fluz widget script: `window.FluzWidget.open({token, onEvent})`. */
export function fluzWidgetScript(origin: string): string {
  return modalWidgetScript({
    origin,
    global: "FluzWidget",
    title: "Fluz",
    framePath: "/fluz/modal",
    source: "fluz-sandbox",
    tokenField: "token",
    height: 470,
  });
}

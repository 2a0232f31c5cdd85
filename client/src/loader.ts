/**
 * The drop-in loader (IIFE build, served at `{mount}/loader.js`):
 *
 *   <script src="/widget-tokens/loader.js" data-endpoint="/widget-tokens"
 *           data-fluz-script-url="https://…/fluz.js" defer></script>
 *   <button data-widget="fluz" data-amount="50.00" data-transaction-type="DEPOSIT">Deposit</button>
 *
 * Clicking the button opens the widget. Events are dispatched on the element as
 * `widget-tokens:open|close|success|error` CustomEvents that bubble.
 * `window.WidgetTokens.client` is the client it built, for pages that want code after all.
 */
import {
  type WidgetClient,
  type WidgetClientOptions,
  createWidgetClient,
} from "./create-widget-client.js";
import { DROP_INS } from "./drop-in/index.js";

export { createWidgetClient };
export let client: WidgetClient | undefined;

function optionsFrom(script: HTMLScriptElement): WidgetClientOptions {
  const d = script.dataset;
  const endpoint = d.endpoint ?? new URL(".", script.src).pathname.replace(/\/$/, "");
  const options: WidgetClientOptions & Record<string, unknown> = { endpoint };
  // data-<provider>-<option>="…" → options[provider][option]
  for (const [key, value] of Object.entries(d)) {
    const match = /^([a-z0-9]+)([A-Z].*)$/.exec(key);
    if (!match || value === undefined || key === "endpoint") continue;
    const provider = match[1]!;
    const option = match[2]!.charAt(0).toLowerCase() + match[2]!.slice(1);
    options[provider] ??= {};
    const group = options[provider] as Record<string, unknown>;
    group[option] = value;
  }
  if (script.nonce) {
    for (const group of Object.values(options)) {
      if (typeof group === "object" && group !== null)
        (group as Record<string, unknown>).nonce ??= script.nonce;
    }
  }
  return options;
}

function start(script: HTMLScriptElement): void {
  const widgets = createWidgetClient(optionsFrom(script));
  client = widgets;
  const emitter = (el: HTMLElement) => (type: string, detail: unknown) => {
    el.dispatchEvent(new CustomEvent(`widget-tokens:${type}`, { bubbles: true, detail }));
  };
  const busy = new WeakSet<HTMLElement>();
  const runOn = (el: HTMLElement) => {
    const dropIn = DROP_INS[el.dataset.widget ?? ""];
    if (!dropIn || busy.has(el)) return;
    busy.add(el);
    el.setAttribute("aria-busy", "true");
    dropIn.run(el, widgets, emitter(el)).finally(() => {
      busy.delete(el);
      el.removeAttribute("aria-busy");
    });
  };
  document.addEventListener("click", (event) => {
    const el = (event.target as Element | null)?.closest?.<HTMLElement>("[data-widget]");
    if (el && DROP_INS[el.dataset.widget ?? ""]?.trigger === "click") {
      event.preventDefault();
      runOn(el);
    }
  });
  const mountAll = () => {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-widget]"))) {
      if (DROP_INS[el.dataset.widget ?? ""]?.trigger === "mount") runOn(el);
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
}

if (typeof document !== "undefined" && document.currentScript instanceof HTMLScriptElement) {
  start(document.currentScript);
}

import type { WidgetAdapter } from "../adapters/adapter-core.js";
import { shopperMessage } from "../shopper-message.js";
import { chunkLoader } from "./chunk-loader.js";
import type { ProviderChunk } from "./drop-in.js";
import { type ElementState, showState } from "./element-state.js";
import { readLoaderOptions } from "./loader-options.js";
import { type DropInManifest, manifestFetcher } from "./manifest.js";
import { DROP_IN_TRIGGERS } from "./providers.js";

/** What a page may set with `WidgetTokens.configure`. */
export interface DropInSettings {
  /**
   * Headers of every token request, or a function the drop-in calls for each
   * one: credentials the page computes, for a middleware on another site
   * whose cookies the browser does not send (`{ Authorization: "Bearer …" }`).
   */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** A token request's deadline in milliseconds (default 15 000). */
  timeoutMs?: number;
}

/**
 * `window.WidgetTokens`: what a page may use (`configure`, and `client`,
 * the adapters built so far), and `chunks`, where a provider chunk
 * registers itself (`ProviderChunk`, the contract between builds).
 */
export interface DropInGlobal {
  /**
   * Set the page's credentials and deadline for the token requests to come.
   *
   * @example
   * WidgetTokens.configure({ headers: () => ({ Authorization: `Bearer ${shop.accessToken()}` }) });
   */
  configure(settings: DropInSettings): void;
  chunks: Record<string, ProviderChunk | undefined>;
  /** The adapters the page's elements have used, by provider id (`WidgetTokens.client.fluz`). */
  client: Record<string, WidgetAdapter>;
}

const EVENTS = ["open", "close", "success", "error"] as const;
const STATE = "data-widget-state";

/** `WidgetTokens.configure`'s check: an error naming the option, at once. */
function checked(settings: DropInSettings): DropInSettings {
  const { headers, timeoutMs } = settings ?? {};
  if (
    (headers !== undefined && !/^(function|object)$/.test(typeof headers)) ||
    (timeoutMs !== undefined && !(timeoutMs > 0))
  ) {
    throw new TypeError(
      "WidgetTokens.configure: headers must be an object or function, timeoutMs > 0",
    );
  }
  return settings;
}

/**
 * Run the drop-in for the loader tag `script`: find every `[data-widget]`
 * element (now, and as the page adds more), load the chunk of each
 * provider the page names, and only those (`chunkLoader`: the current
 * manifest, the browser checking each chunk's integrity, and a page that
 * recovers from a deploy), then open a widget on a click (`fluz`,
 * `jackpot`) or mount it (`impact`, `gr4vy`).
 *
 * On the element: `widget-tokens:open|close|success|error` events that
 * bubble, `data-widget-state="idle|loading|open|error"`, and a polite live
 * message after it when something fails (`showState`, with the text of
 * `shopperMessage`, which the bootstrap carries: a shopper reads the right
 * message even when no chunk can load). A click retries a button; a mounted
 * widget's message has a "Try again" button.
 *
 * @example
 * // loader.ts, the IIFE the middleware serves at {mount}/loader.js:
 * startDropIn(document.currentScript);
 */
export function startDropIn(
  script: HTMLScriptElement,
  fetchManifest?: (name: string) => Promise<DropInManifest>,
): DropInGlobal {
  const { endpoint, providers, messages } = readLoaderOptions(script);
  const base = new URL(".", script.src).href;
  const settings: DropInSettings = {};
  const global: DropInGlobal = {
    configure: (next) => void Object.assign(settings, checked(next)),
    chunks: {},
    client: {},
  };
  (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens = global;
  const { chunks, client } = global;
  const ready = chunkLoader({
    base,
    nonce: script.nonce ?? "",
    fetchManifest: fetchManifest ?? manifestFetcher(base),
    chunks,
  });
  const headers = () => {
    const h = settings.headers;
    return (typeof h === "function" ? h() : h) ?? {};
  };
  // Built on first use, after the page had its chance to `configure`.
  const adapter = (name: string, chunk: ProviderChunk) => {
    client[name] ??= chunk.create({
      endpoint,
      options: providers[name],
      headers,
      timeoutMs: settings.timeoutMs,
    });
    return client[name];
  };
  /** What stops each element's relay of its adapter's events. */
  const relays = new WeakMap<HTMLElement, () => void>();

  async function run(el: HTMLElement, name: string): Promise<void> {
    if (el.getAttribute(STATE) === "loading") return;
    const mounted = DROP_IN_TRIGGERS[name] === "mount";
    const show = (state: ElementState, error?: unknown) =>
      showState(
        el,
        state,
        state === "error" ? shopperMessage(error) : undefined,
        messages,
        mounted ? () => run(el, name) : undefined,
      );
    const fire = (type: string, detail: unknown) =>
      el.dispatchEvent(new CustomEvent(`widget-tokens:${type}`, { bubbles: true, detail }));
    relays.get(el)?.();
    const offs: (() => void)[] = [];
    const stop = () => {
      for (const off of offs.splice(0)) off();
    };
    relays.set(el, stop);
    show("loading");
    try {
      const chunk = await ready(name);
      const widget = adapter(name, chunk);
      offs.push(widget.on("state", ({ state, error }) => show(state, error)));
      for (const type of EVENTS) {
        offs.push(
          widget.on(type, (event) => {
            fire(type, event);
            // A modal's relay ends with it; the next click relays to its own element.
            if (!mounted && (type === "close" || type === "success")) stop();
          }),
        );
      }
      await chunk.start(el, widget);
    } catch (error) {
      // A chunk that did not load never reached the adapter's events: report it here.
      if (!offs.length) fire("error", { provider: name, error });
      stop();
      show("error", error);
    }
  }

  const scan = () => {
    for (const el of document.querySelectorAll<HTMLElement>(`[data-widget]:not([${STATE}])`)) {
      const name = el.dataset.widget!;
      const trigger = DROP_IN_TRIGGERS[name];
      if (trigger) {
        showState(el, "idle", undefined, messages);
        if (trigger === "mount") run(el, name);
        else ready(name).catch(() => {}); // ready before the click; a click retries a failure
      }
    }
  };

  /** The button clicked last, until the pointer or focus is elsewhere: what comes back to it is no intent. */
  let clicked: HTMLElement | undefined;
  /**
   * A click on a button opens its widget. A likely click (the pointer over
   * it, which a touch is too; focus) runs the chunk's prefetch, which reports
   * nothing; but not on the button just clicked, while its modal shows nor
   * after: the pointer over it as the modal goes, or focus coming back to
   * it, ask for nothing until the pointer or focus has been elsewhere.
   * `data-widget-prefetch="off"` on the button or around it turns it off.
   */
  const onEvent = (event: Event) => {
    const el = (event.target as Element | null)?.closest?.<HTMLElement>("[data-widget]");
    const name = el?.dataset.widget ?? "";
    const button = el && DROP_IN_TRIGGERS[name] === "click" ? el : undefined;
    if (event.type === "click") {
      if (button) {
        event.preventDefault();
        clicked = button;
        run(button, name);
      }
    } else if (el !== clicked && !/loading|open/.test(clicked?.getAttribute(STATE)!)) {
      clicked = undefined;
      if (button && !button.closest('[data-widget-prefetch="off"]')) {
        ready(name).then(
          (chunk) => chunk.prefetch?.(button, adapter(name, chunk)),
          () => {},
        );
      }
    }
  };
  for (const type of ["click", "pointerover", "focusin"]) {
    document.addEventListener(type, onEvent);
  }
  const watch = () => {
    scan();
    new MutationObserver(scan).observe(document.documentElement, {
      childList: true,
      subtree: true,
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
  return global;
}

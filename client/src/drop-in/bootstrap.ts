import type { WidgetAdapter } from "../adapters/adapter-core.js";
import { WidgetClientError } from "../errors.js";
import { loadScript } from "../load-script.js";
import type { networkError, responseError } from "../network-error.js";
import { chunkFile } from "./chunk-file.js";
import type { ProviderChunk } from "./drop-in.js";
import { type ElementState, showState } from "./element-state.js";
import { readLoaderOptions } from "./loader-options.js";
import type { DropInManifest } from "./manifest.js";
import { DROP_IN_TRIGGERS } from "./providers.js";

/**
 * `window.WidgetTokens`, where the chunks meet: the bootstrap's script
 * loader (the chunks share it, so the drop-in ships one), the page's one
 * error class, the messages chunk's loader and exports, each provider
 * chunk once it ran, and the adapters built so far. Only `client` is for
 * pages: the drop-in build gives every other member a one-letter name
 * (client/build/drop-in-protocol.ts), and the chunks read them through
 * `page-global.ts`.
 */
export interface DropInGlobal {
  loadScript: typeof loadScript;
  /** The class of every drop-in error on the page (the chunks use it too). */
  WidgetClientError: typeof WidgetClientError;
  /** Load the messages chunk (once; after a failure, the next call tries again). */
  loadMessages: () => Promise<void>;
  /** The messages chunk's exports, once it ran. */
  shopperMessage?: (error: unknown) => string;
  networkError?: typeof networkError;
  responseError?: typeof responseError;
  chunks: Record<string, ProviderChunk | undefined>;
  /** The adapters the page's elements have used, by provider id (`WidgetTokens.client.fluz`). */
  client: Record<string, WidgetAdapter>;
}

const EVENTS = ["open", "close", "success", "error"] as const;
const STATE = "data-widget-state";
/** What a shopper reads when the chunks did not load (the messages chunk's `shopperMessage` says the rest). */
const NOT_LOADED = "The widget could not load. Please try again.";

/**
 * Run the drop-in for the loader tag `script`: find every `[data-widget]`
 * element (now, and as the page adds more), load the chunk of each
 * provider the page names, and only those (`manifest` gives their files
 * below `chunks/` next to the script, and the SRI hashes the browser
 * checks), then open a widget on a click (`fluz`, `jackpot`) or mount it
 * (`impact`, `gr4vy`).
 *
 * On the element: `widget-tokens:open|close|success|error` events that
 * bubble, `data-widget-state="idle|loading|open|error"`, and a polite live
 * message after it when something fails (see `showState`; the text comes
 * from `shopperMessage`, in a messages chunk loaded only then: until it is
 * there the region stays empty, and if it cannot load, the one sentence the
 * bootstrap has says so).
 *
 * @example
 * // loader.ts, the IIFE the middleware serves at {mount}/loader.js:
 * startDropIn(document.currentScript, MANIFEST);
 */
export function startDropIn(script: HTMLScriptElement, manifest: DropInManifest): DropInGlobal {
  const { endpoint, providers, messages } = readLoaderOptions(script);
  const win = window as unknown as { WidgetTokens?: DropInGlobal };
  // Integrity checked by the browser: a tampered chunk is refused and never runs.
  const load = (name: string, integrity = manifest[name]!): Promise<void> =>
    global.loadScript(new URL(`chunks/${chunkFile(name, integrity)}`, script.src).href, {
      integrity,
      nonce: script.nonce,
    });
  const global: DropInGlobal = win.WidgetTokens ?? {
    loadScript,
    WidgetClientError,
    loadMessages: () => load("messages"),
    chunks: {},
    client: {},
  };
  win.WidgetTokens = global;
  const { chunks, client } = global;
  /**
   * `name`'s chunk (loaded once: `loadScript` keeps one promise a script and
   * forgets a failed one, so the next call tries again) and its adapter.
   */
  const ready = (name: string) =>
    load(name).then(() => {
      const chunk = chunks[name]!;
      client[name] ??= chunk.createAdapter(providers[name], endpoint);
      return chunk.startWidget;
    });

  async function run(el: HTMLElement, name: string): Promise<void> {
    if (el.getAttribute(STATE) === "loading") return;
    const show = (state: ElementState, error?: unknown) => {
      showState(el, state, undefined, messages);
      // The text comes from the messages chunk (loaded once, on the first failure).
      if (state === "error")
        global
          .loadMessages()
          .catch(() => {})
          .then(
            () =>
              // A later attempt may have moved on before the messages came.
              el.getAttribute(STATE) === state &&
              showState(el, state, global.shopperMessage?.(error) ?? NOT_LOADED, messages),
          );
    };
    const fire = (type: string, detail: unknown) =>
      el.dispatchEvent(new CustomEvent(`widget-tokens:${type}`, { bubbles: true, detail }));
    const offs: (() => void)[] = [];
    const stop = () => {
      for (const off of offs.splice(0)) off();
    };
    show("loading");
    try {
      const start = await ready(name);
      const widget = client[name]!;
      offs.push(widget.on("state", ({ state, error }) => show(state, error)));
      for (const type of EVENTS) {
        offs.push(
          widget.on(type, (event) => {
            fire(type, event);
            // A modal's relay ends with it; the next click relays to its own element.
            if (DROP_IN_TRIGGERS[name] === "click" && (type === "close" || type === "success"))
              stop();
          }),
        );
      }
      await start(el, widget);
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
      const trigger = manifest[name] && DROP_IN_TRIGGERS[name];
      if (trigger) {
        showState(el, "idle", undefined, messages);
        if (trigger === "mount") run(el, name);
        else ready(name).catch(() => {}); // ready before the click; a click retries a failure
      }
    }
  };

  document.addEventListener("click", (event) => {
    const el = (event.target as Element | null)?.closest?.<HTMLElement>("[data-widget]");
    const name = el?.dataset.widget ?? "";
    if (el && manifest[name] && DROP_IN_TRIGGERS[name] === "click") {
      event.preventDefault();
      run(el, name);
    }
  });
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

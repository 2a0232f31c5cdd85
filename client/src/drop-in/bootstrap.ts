import type { WidgetAdapter } from "../adapters/adapter-core.js";
import type { TokenApi, TokenApiOptions } from "../token-api.js";
import type { DropIn } from "./drop-in.js";
import { type ElementState, showState } from "./element-state.js";
import { loadChunk } from "./load-chunk.js";
import { readLoaderOptions } from "./loader-options.js";
import type { DropInManifest } from "./manifest.js";
import { DROP_IN_TRIGGERS } from "./providers.js";

/** `window.WidgetTokens`: the chunks as they arrive, and the adapters built so far. */
export interface DropInGlobal {
  chunks: { core: { createTokenApi?: (options: TokenApiOptions) => TokenApi } } & Record<
    string,
    DropIn | undefined
  >;
  /** The adapters the page's elements have used, by provider id (`WidgetTokens.client.fluz`). */
  client: Record<string, WidgetAdapter>;
}

const EVENTS = ["open", "close", "success", "error"] as const;

/**
 * Run the drop-in for the loader tag `script`: find every `[data-widget]`
 * element (now, and as the page adds more), load the core chunk and the
 * chunk of each provider the page names, and only those (`manifest` gives
 * their files below `chunks/` next to the script, and the SRI hashes the
 * browser checks), then open a widget on a click (`fluz`, `jackpot`) or
 * mount it (`impact`, `gr4vy`).
 *
 * On the element: `widget-tokens:open|close|success|error` events that
 * bubble, `data-widget-state="idle|loading|open|error"`, and a polite live
 * message after it when something fails (see `showState`).
 *
 * @example
 * // loader.ts, the IIFE the middleware serves at {mount}/loader.js:
 * startDropIn(document.currentScript, MANIFEST);
 */
export function startDropIn(script: HTMLScriptElement, manifest: DropInManifest): DropInGlobal {
  const options = readLoaderOptions(script);
  const global = ((window as unknown as { WidgetTokens?: DropInGlobal }).WidgetTokens ??= {
    chunks: { core: {} },
    client: {},
  } as DropInGlobal);
  // Provider chunks read the core from this very object, whichever runs first.
  const chunks = (global.chunks ??= { core: {} } as DropInGlobal["chunks"]);
  chunks.core ??= {};
  const client = (global.client ??= {});
  const base = new URL("chunks/", script.src);
  const widgets = new Map<string, Promise<[WidgetAdapter, DropIn["start"]]>>();
  let api: TokenApi | undefined;

  const load = (name: string) =>
    loadChunk(
      new URL(manifest[name]![0], base).href,
      manifest[name]![1],
      script.nonce,
      () => (name === "core" ? !!chunks.core.createTokenApi : !!chunks[name]),
    );

  /** The adapter for `name` (its chunks loaded once; a failed load is tried again next time). */
  const widgetFor = (name: string) => {
    let widget = widgets.get(name);
    if (widget === undefined) {
      widget = Promise.all([load("core"), load(name)]).then(() => {
        const dropIn = chunks[name]!;
        api ??= chunks.core.createTokenApi!({ endpoint: options.endpoint });
        client[name] ??= dropIn.provider(options.providers[name]).create(api);
        return [client[name]!, dropIn.start] as [WidgetAdapter, DropIn["start"]];
      });
      widget.catch(() => widgets.delete(name));
      widgets.set(name, widget);
    }
    return widget;
  };

  const show = (el: HTMLElement, state: ElementState, error?: unknown) =>
    showState(el, state, error, options.messages);
  const busy = new WeakSet<HTMLElement>();

  async function run(el: HTMLElement, name: string): Promise<void> {
    if (busy.has(el)) return;
    busy.add(el);
    const emit = (type: string, detail: unknown) =>
      el.dispatchEvent(new CustomEvent(`widget-tokens:${type}`, { bubbles: true, detail }));
    const offs: (() => void)[] = [];
    const stop = () => {
      for (const off of offs.splice(0)) off();
    };
    let relayed = false;
    show(el, "loading");
    try {
      const [widget, start] = await widgetFor(name);
      relayed = true;
      for (const type of EVENTS) {
        offs.push(
          widget.on(type, (event) => {
            const state = type === "error" ? "error" : type === "open" ? "open" : "idle";
            show(el, state, (event as { error?: unknown }).error);
            emit(type, event);
            // A modal's relay ends with it; the next click relays to its own element.
            if (DROP_IN_TRIGGERS[name] === "click" && (type === "close" || type === "success"))
              stop();
          }),
        );
      }
      await start(el, widget);
      if (el.getAttribute("data-widget-state") === "loading") show(el, "open");
    } catch (error) {
      stop();
      // A chunk that did not load never reached the adapter's events: report it here.
      if (!relayed) emit("error", { provider: name, error });
      show(el, "error", error);
    } finally {
      busy.delete(el);
    }
  }

  const seen = new WeakSet<HTMLElement>();
  const scan = () => {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-widget]"))) {
      const name = el.dataset.widget ?? "";
      if (seen.has(el) || !manifest[name] || !DROP_IN_TRIGGERS[name]) continue;
      seen.add(el);
      show(el, "idle");
      if (DROP_IN_TRIGGERS[name] === "mount") run(el, name);
      else widgetFor(name).catch(() => {}); // ready before the click; a click retries a failure
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

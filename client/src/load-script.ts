import { WidgetClientError } from "./errors.js";

/** Options for `loadScript`. */
export interface LoadScriptOptions {
  /** CSP nonce for the `<script>` tag. */
  nonce?: string | undefined;
  /** Subresource integrity hash. */
  integrity?: string | undefined;
  /** `crossorigin` attribute; default "anonymous" when `integrity` is set. */
  crossOrigin?: "anonymous" | "use-credentials" | undefined;
  /** Give up after this many ms (default 30 s). */
  timeoutMs?: number | undefined;
  /**
   * The global the script defines (e.g. "FluzWidget"). When a tag for the URL
   * is already on the page and this global exists, the script counts as loaded
   * (its load event may have fired before we listened).
   */
  global?: string | undefined;
}

/** A script that failed to load: a `WidgetClientError` whose `code` is `SCRIPT_LOAD_FAILED`. */
export class ScriptLoadError extends WidgetClientError {
  // Set in the constructor, as in `WidgetClientError`.
  declare readonly name: "ScriptLoadError";
  declare readonly code: "SCRIPT_LOAD_FAILED";
  declare readonly url: string;
  constructor(url: string, reason: string) {
    super("SCRIPT_LOAD_FAILED", `Failed to load ${url}: ${reason}`);
    Object.assign(this, { name: "ScriptLoadError", url });
  }
}

const pending = new Map<string, Promise<void>>();
const LOADED = "data-widget-tokens-loaded";

/**
 * Load a classic script once. One promise per URL; an existing tag with the
 * same `src` is reused (and awaited if still loading); a failure rejects with
 * `ScriptLoadError`, removes the tag and forgets the promise so the next call
 * retries. Does nothing at import time and throws a clear error outside a
 * browser, so it is safe to import during server-side rendering.
 *
 * @example
 * await loadScript("https://widgets.example/fluz.js", { nonce: "r4nd0m" });
 * window.FluzWidget.open({ token });
 */
export function loadScript(url: string, options: LoadScriptOptions = {}): Promise<void> {
  if (typeof document === "undefined") {
    return Promise.reject(new ScriptLoadError(url, "no document (not in a browser)"));
  }
  const absolute = new URL(url, document.baseURI).href;
  let promise = pending.get(absolute);
  if (promise === undefined) {
    promise = new Promise<void>((resolve, reject) => {
      const { global, integrity, nonce, crossOrigin = integrity && "anonymous" } = options;
      const found = [...document.scripts].find((s) => s.src === absolute);
      if (
        found &&
        (found.hasAttribute(LOADED) ||
          (global && (window as unknown as Record<string, unknown>)[global] !== undefined))
      ) {
        return resolve();
      }
      const tag = found ?? document.createElement("script");
      const settle = (failure?: string) => {
        clearTimeout(timer);
        if (failure) {
          pending.delete(absolute);
          // Remove the broken tag so a retry inserts a fresh one.
          tag.remove();
          reject(new ScriptLoadError(absolute, failure));
        } else {
          tag.setAttribute(LOADED, "");
          resolve();
        }
      };
      const timer = setTimeout(settle, options.timeoutMs ?? 30_000, "timed out");
      tag.addEventListener("load", () => settle());
      tag.addEventListener("error", () => settle("network or HTTP error"));
      if (!found) {
        tag.src = absolute; // async: a script the page inserts never blocks
        if (nonce) tag.nonce = nonce;
        if (integrity) tag.integrity = integrity;
        if (crossOrigin) tag.crossOrigin = crossOrigin;
        document.head.appendChild(tag);
      }
    });
    pending.set(absolute, promise);
  }
  return promise;
}

/** Forget every cached load (tests). */
export function resetScriptCache(): void {
  pending.clear();
}

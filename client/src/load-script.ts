/** Options for `loadScript`. */
export interface LoadScriptOptions {
  /** CSP nonce for the `<script>` tag. */
  nonce?: string;
  /** Subresource integrity hash. */
  integrity?: string;
  /** `crossorigin` attribute; default "anonymous" when `integrity` is set. */
  crossOrigin?: "anonymous" | "use-credentials";
  /** Give up after this many ms (default 30 s). */
  timeoutMs?: number;
  /**
   * The global the script defines (e.g. "FluzWidget"). When a tag for the URL
   * is already on the page and this global exists, the script counts as loaded
   * (its load event may have fired before we listened).
   */
  global?: string;
}

/** A script that failed to load. `code` is stable. */
export class ScriptLoadError extends Error {
  // Set in the constructor, as in `WidgetClientError`.
  declare readonly name: "ScriptLoadError";
  declare readonly code: "SCRIPT_LOAD_FAILED";
  declare readonly url: string;
  constructor(url: string, reason: string) {
    super(`Failed to load ${url}: ${reason}`);
    this.name = "ScriptLoadError";
    this.code = "SCRIPT_LOAD_FAILED";
    this.url = url;
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
  const existing = pending.get(absolute);
  if (existing) return existing;

  const promise = new Promise<void>((resolve, reject) => {
    let script = findScript(absolute);
    const globalReady =
      options.global !== undefined &&
      (window as unknown as Record<string, unknown>)[options.global] !== undefined;
    if (script?.hasAttribute(LOADED) || (script !== undefined && globalReady)) {
      resolve();
      return;
    }
    const ownTag = script === undefined;
    if (script === undefined) {
      script = document.createElement("script");
      script.src = absolute;
      script.async = true;
      if (options.nonce) script.nonce = options.nonce;
      if (options.integrity) {
        script.integrity = options.integrity;
        script.crossOrigin = options.crossOrigin ?? "anonymous";
      } else if (options.crossOrigin) {
        script.crossOrigin = options.crossOrigin;
      }
    }
    const tag = script;
    const timer = setTimeout(() => fail("timed out"), options.timeoutMs ?? 30_000);
    function done() {
      clearTimeout(timer);
      tag.removeEventListener("load", onLoad);
      tag.removeEventListener("error", onError);
    }
    function onLoad() {
      done();
      tag.setAttribute(LOADED, "");
      resolve();
    }
    function onError() {
      fail("network or HTTP error");
    }
    function fail(reason: string) {
      done();
      pending.delete(absolute);
      // Remove the broken tag so a retry inserts a fresh one.
      tag.remove();
      reject(new ScriptLoadError(absolute, reason));
    }
    tag.addEventListener("load", onLoad);
    tag.addEventListener("error", onError);
    if (ownTag) (document.head ?? document.documentElement).appendChild(tag);
  });
  pending.set(absolute, promise);
  return promise;
}

function findScript(absolute: string): HTMLScriptElement | undefined {
  for (const s of Array.from(document.getElementsByTagName("script"))) {
    if (s.src === absolute) return s;
  }
  return undefined;
}

/** Forget every cached load (tests). */
export function resetScriptCache(): void {
  pending.clear();
}

const pending = new Map<string, Promise<void>>();

/**
 * Load one drop-in chunk as a classic script whose `integrity` the browser
 * checks (`crossorigin="anonymous"`, so the check can read the bytes): a
 * tampered chunk is refused and never runs. One promise per URL; a tag
 * already on the page for the URL is awaited, not doubled (`loaded()` says
 * whether its code has run already); a failure rejects with a
 * `SCRIPT_LOAD_FAILED` error, removes the tag and forgets the promise, so the
 * next call tries again.
 *
 * @example
 * await loadChunk("https://shop.example/widget-tokens/chunks/fluz.3f9a1c2b.js", "sha384-…");
 */
export function loadChunk(
  url: string,
  integrity: string,
  nonce?: string,
  loaded?: () => boolean,
): Promise<void> {
  let promise = pending.get(url);
  if (promise === undefined) {
    promise = new Promise<void>((resolve, reject) => {
      if (loaded?.()) return resolve();
      let tag = Array.from(document.scripts).find((s) => s.src === url);
      const own = tag === undefined;
      tag ??= document.createElement("script");
      tag.addEventListener("load", () => resolve());
      tag.addEventListener("error", () => {
        pending.delete(url);
        tag.remove();
        reject(
          Object.assign(
            new Error(`Failed to load ${url} (network error, or its integrity did not match)`),
            { code: "SCRIPT_LOAD_FAILED" },
          ),
        );
      });
      if (own) {
        tag.src = url;
        tag.integrity = integrity;
        tag.crossOrigin = "anonymous";
        if (nonce) tag.nonce = nonce;
        document.head.appendChild(tag);
      }
    });
    pending.set(url, promise);
  }
  return promise;
}
